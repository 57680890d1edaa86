#!/usr/bin/env bash
# Decides which commit a Deploy run ships, in a checkout of main (full history), and writes
# `sha=<commit>` and `deploy=true|false` to $GITHUB_OUTPUT.
#   CI_COMMIT         the commit CI passed (workflow_run head_sha): deployed only while it is
#                     still main's head, since CI runs of two quick merges can finish in either
#                     order and the older must not land on the newer (main's own run ships it)
#   REQUESTED_COMMIT  a commit named by hand (rollback): any commit of main
set -euo pipefail

: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set; run this inside GitHub Actions}"
commit="${CI_COMMIT:-${REQUESTED_COMMIT:-}}"
if [[ ! "$commit" =~ ^[0-9a-f]{40}$ ]]; then
  echo "::error::commit must be a full 40-character SHA, got '$commit'"
  exit 1
fi
if ! git merge-base --is-ancestor "$commit" HEAD 2>/dev/null; then
  echo "::error::$commit is not on main"
  exit 1
fi
head="$(git rev-parse HEAD)"
deploy=true
if [[ -n "${CI_COMMIT:-}" && "$commit" != "$head" ]]; then
  echo "::notice::main has moved on to $head; the Deploy run of its own CI ships it, this one ships nothing"
  deploy=false
fi
printf 'sha=%s\ndeploy=%s\n' "$commit" "$deploy" >>"$GITHUB_OUTPUT"
