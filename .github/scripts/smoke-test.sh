#!/usr/bin/env bash
# Smoke test of a deployed environment, called the way an API consumer calls it.
#   SMOKE_GATEWAY_URL     gateway (Kong) base URL                      required
#   SMOKE_API_KEY         key of the smoke-test consumer               required
#   SMOKE_UPSTREAM_URL    the service behind Kong; when set, a direct call without the
#                         gateway secret must be refused (no bypass)   optional
#   SMOKE_API_KEY_HEADER  header Kong's key-auth reads                 default: apikey
#   SMOKE_ATTEMPTS / SMOKE_DELAY_SECONDS  wait for a fresh sync to reach the data plane
#                                                                      default: 30 / 5
set -euo pipefail

: "${SMOKE_GATEWAY_URL:?set SMOKE_GATEWAY_URL to the gateway base URL}"
: "${SMOKE_API_KEY:?set SMOKE_API_KEY to the smoke-test consumer key}"
attempts="${SMOKE_ATTEMPTS:-30}"
delay="${SMOKE_DELAY_SECONDS:-5}"
gateway="${SMOKE_GATEWAY_URL%/}"
# Exact sum needs correct rounding: naive left-to-right addition gives 2.5, not 3.5.
body='{"numbers":[1e16,1,-1e16,2.5]}'

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The key goes to curl through a private file, never on a command line.
(umask 077 && printf '%s: %s\n' "${SMOKE_API_KEY_HEADER:-apikey}" "$SMOKE_API_KEY" >"$work/key-header")

# post_sum URL [curl args...]: prints the HTTP status; the body lands in $work/body.
post_sum() {
  local url="$1"
  shift
  curl --silent --show-error --max-time 10 --output "$work/body" --write-out '%{http_code}' \
    -X POST -H 'Content-Type: application/json' --data "$body" "$@" "$url/sum"
}

fail() {
  echo "smoke test failed: $1" >&2
  if [[ -s "$work/body" ]]; then
    echo "last response: $(head -c 500 "$work/body")" >&2
  fi
  exit 1
}

status=""
for ((attempt = 1; attempt <= attempts; attempt++)); do
  if status="$(post_sum "$gateway" -H "@$work/key-header")" && [[ "$status" == 200 ]] &&
    jq -e '.sum == 3.5 and .count == 4' "$work/body" >/dev/null; then
    break
  fi
  if ((attempt == attempts)); then
    fail "POST /sum with the smoke-test key did not answer 200 {\"sum\":3.5,\"count\":4} (last status: ${status:-none})"
  fi
  sleep "$delay"
done
echo "ok: POST /sum through the gateway with a key answers the exact sum"

status="$(post_sum "$gateway")"
[[ "$status" == 401 ]] || fail "POST /sum without a key answered $status, expected 401"
echo "ok: the gateway refuses a call without a key"

if [[ -n "${SMOKE_UPSTREAM_URL:-}" ]]; then
  status="$(post_sum "${SMOKE_UPSTREAM_URL%/}")"
  [[ "$status" == 403 ]] || fail "POST /sum straight to the service answered $status, expected 403"
  echo "ok: the service refuses a call that bypasses the gateway"
fi
