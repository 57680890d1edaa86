#!/usr/bin/env bash
# Runs decK from the image pinned in .github/images/deck/Dockerfile, with the current directory
# mounted and every DECK_* variable passed through by name, so no value is ever on a command line.
# Its exit status is decK's (2 for a difference with --non-zero-exit-code).
# Usage: deck.sh <decK arguments...>
set -euo pipefail

dockerfile="$(dirname "${BASH_SOURCE[0]}")/../images/deck/Dockerfile"
image="$(sed -n 's/^FROM \([^ ]*\).*$/\1/p' "$dockerfile")"
if [[ ! "$image" =~ ^[a-z0-9./-]+:[A-Za-z0-9._-]+@sha256:[0-9a-f]{64}$ ]]; then
  echo "decK image in $dockerfile must be name:tag@sha256:<digest>, got '$image'" >&2
  exit 1
fi
env_args=()
for name in $(compgen -e -X '!DECK_*'); do env_args+=(--env "$name"); done
exec docker run --rm --user "$(id -u):$(id -g)" --volume "$PWD:/work" --workdir /work \
  "${env_args[@]}" "$image" "$@"
