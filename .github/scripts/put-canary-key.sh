#!/usr/bin/env bash
# Gives the outside canary the smoke-test consumer's key the gateway sync just gave Kong: writes
# SMOKE_TEST_API_KEY into the secret sum-platform/<environment>/smoke-test-api-key, as a new version
# only when it differs. The key never appears on a command line, in the output or in the log.
# Usage: SMOKE_TEST_API_KEY=<key> put-canary-key.sh <environment>
set -euo pipefail

usage="usage: SMOKE_TEST_API_KEY=<key> put-canary-key.sh <environment>"
env_name="${1:?$usage}"
[[ "$env_name" =~ ^[a-z][a-z0-9-]*$ ]] || { echo "invalid environment name: $env_name" >&2; exit 1; }
key="${SMOKE_TEST_API_KEY:-}"
[[ -n "$key" ]] || { echo "SMOKE_TEST_API_KEY is empty: set it in the secrets of the GitHub environment $env_name" >&2; exit 1; }
[[ "$key" != *$'\n'* ]] || { echo "SMOKE_TEST_API_KEY spans more than one line; a Kong key is one token" >&2; exit 1; }
# A workflow secret is masked already; this also covers a value that reached the job another way.
if [[ -n "${GITHUB_ACTIONS:-}" ]]; then printf '::add-mask::%s\n' "$key"; fi
secret="sum-platform/$env_name/smoke-test-api-key"

current="$(aws secretsmanager get-secret-value --secret-id "$secret" --query SecretString --output text)"
if [[ "$current" == "$key" ]]; then
  echo "$secret already holds the smoke-test key"
  exit 0
fi
# The value goes through a private file (mktemp makes it 0600), never through argv.
file="$(mktemp)"
trap 'rm -f "$file"' EXIT
printf '%s' "$key" >"$file"
aws secretsmanager put-secret-value --secret-id "$secret" --secret-string "file://$file" >/dev/null
echo "$secret now holds the smoke-test key (new version)"
