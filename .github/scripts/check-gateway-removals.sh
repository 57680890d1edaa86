#!/usr/bin/env bash
# Reads the report of `deck gateway diff --json-output` and refuses a sync that would remove a
# consumer, a consumer group, a membership or a consumer's key: each cuts a paying client off, and
# a sync would do it silently. Allowed only when the run was started with allow-consumer-removal.
#   ALLOW_CONSUMER_REMOVAL  "true" to let the removals through (they are still listed)
# Usage: check-gateway-removals.sh <deck-diff-output-file>
set -euo pipefail

file="${1:?usage: check-gateway-removals.sh <deck-diff-output-file>}"
# decK prints the report as the last thing on stdout; anything before its opening brace is not part of it.
report="$(sed -n '/^{/,$p' "$file")"
if [[ -z "$report" ]] || ! jq -e 'type == "object" and (.changes | type == "object") and (.errors | type == "array")' <<<"$report" >/dev/null 2>&1; then
  echo "$file holds no decK --json-output report" >&2
  exit 1
fi
# With --json-output decK reports a failed diff in .errors and still exits 0.
if jq -e '.errors | length > 0' <<<"$report" >/dev/null; then
  echo "decK could not diff the gateway:" >&2
  jq -r '.errors[]' <<<"$report" >&2
  exit 1
fi
mapfile -t removals < <(jq -r '
  .changes.deleting // [] | .[]
  | select(.kind == "consumer" or .kind == "consumer-group" or .kind == "consumer-group-consumer" or .kind == "key-auth")
  | "\(.kind) \(.name)"' <<<"$report")
summary="$(jq -r '.summary | "creating \(.creating), updating \(.updating), deleting \(.deleting)"' <<<"$report")"
# What the sync will do, one entity a line, for the log.
jq -r '.changes | to_entries[] | .key as $op | (.value // [])[] | "\($op) \(.kind) \(.name)"' <<<"$report"
if ((${#removals[@]} == 0)); then
  echo "ok: $summary; no consumer, group, membership or key is removed"
  exit 0
fi
printf 'removes %s\n' "${removals[@]}"
if [[ "${ALLOW_CONSUMER_REMOVAL:-false}" == true ]]; then
  echo "::warning::This sync removes ${#removals[@]} consumer entities; allowed by the run's allow-consumer-removal input"
  exit 0
fi
echo "::error::This sync would remove ${#removals[@]} consumer entities (listed above). If that is intended," \
  "start the deploy by hand with allow-consumer-removal checked; otherwise restore them in kong/kong.yaml."
exit 1
