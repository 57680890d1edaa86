#!/usr/bin/env bash
# Puts what decK needs to sync one environment into $GITHUB_ENV for the following steps:
#   DECK_UPSTREAM_URL    the compute stack's ServiceUrl output
#   DECK_GATEWAY_SECRET  the current gateway secret, masked in the log before it is written
# A secret version younger than SECRET_REFRESH_SECONDS (default 300, the service's refresh period)
# is waited out first: Kong must never get a value some tasks have not loaded yet (ADR 0001).
# Outputs come from a `cdk deploy --outputs-file` file when given, else from CloudFormation.
# Usage: export-gateway-env.sh <dev|prod> [cdk-outputs.json]
set -euo pipefail

env_name="${1:?usage: export-gateway-env.sh <environment> [outputs-file]}"
outputs_file="${2:-}"
: "${GITHUB_ENV:?GITHUB_ENV is not set; run this inside GitHub Actions}"
[[ "$env_name" =~ ^[a-z][a-z0-9-]*$ ]] || { echo "invalid environment name: $env_name" >&2; exit 1; }
prefix="SumPlatform-${env_name^}"

# stack_output STACK KEY
stack_output() {
  local value
  if [[ -n "$outputs_file" ]]; then
    value="$(jq -r --arg stack "$1" --arg key "$2" '.[$stack][$key] // empty' "$outputs_file")"
  else
    value="$(aws cloudformation describe-stacks --stack-name "$1" \
      --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue | [0]" --output text)"
  fi
  if [[ -z "$value" || "$value" == "None" ]]; then
    echo "stack $1 has no output $2" >&2
    return 1
  fi
  printf '%s' "$value"
}

upstream_url="$(stack_output "$prefix-Compute" ServiceUrl)"
if [[ "$upstream_url" != https://* ]]; then
  echo "upstream $upstream_url is not HTTPS: deploy the environment with certificateArn and originDomainName" \
    "(docs/deploy.md) so the gateway secret never crosses the internet in clear" >&2
  exit 1
fi
secret_arn="$(stack_output "$prefix-Secrets" GatewaySecretArn)"
# Value and version date in one call, so the age checked is the age of the value synced.
version="$(aws secretsmanager get-secret-value --secret-id "$secret_arn" \
  --query '{value: SecretString, created: CreatedDate}' --output json)"
secret="$(jq -r '.value // empty' <<<"$version")"
created="$(jq -r '.created // empty' <<<"$version")"
if [[ -z "$secret" || "$secret" == *$'\n'* ]]; then
  echo "gateway secret $secret_arn is empty or not a single line" >&2
  exit 1
fi
echo "::add-mask::$secret"
if [[ -z "$created" ]] || ! created_at="$(date -d "$created" +%s 2>/dev/null)"; then
  echo "gateway secret $secret_arn has no readable version date ('$created')" >&2
  exit 1
fi
refresh="${SECRET_REFRESH_SECONDS:-300}"
age=$(($(date +%s) - created_at))
if ((age < refresh)); then
  echo "the gateway secret's current version is ${age}s old: waiting $((refresh - age))s until every task has refreshed it"
  sleep "$((refresh - age))"
fi
{
  printf 'DECK_UPSTREAM_URL=%s\n' "$upstream_url"
  printf 'DECK_GATEWAY_SECRET=%s\n' "$secret"
} >>"$GITHUB_ENV"
echo "decK variables set for $env_name (upstream $upstream_url)"
