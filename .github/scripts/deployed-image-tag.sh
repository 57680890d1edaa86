#!/usr/bin/env bash
# Prints the image tag (a commit SHA) an environment's compute stack currently runs, read
# from the deployed template, so scheduled jobs act on what is deployed, not on main.
# Usage: deployed-image-tag.sh <dev|prod>
set -euo pipefail

env_name="${1:?usage: deployed-image-tag.sh <environment>}"
[[ "$env_name" =~ ^[a-z][a-z0-9-]*$ ]] || { echo "invalid environment name: $env_name" >&2; exit 1; }
stack="SumPlatform-${env_name^}-Compute"

template="$(aws cloudformation get-template --stack-name "$stack" --query TemplateBody --output json)"
mapfile -t tags < <(grep -oE 'sum-service:[0-9a-f]{40}' <<<"$template" | sort -u)
if ((${#tags[@]} != 1)); then
  echo "expected one sum-service:<commit> image in $stack, found ${#tags[@]}: ${tags[*]:-none}" >&2
  exit 1
fi
echo "${tags[0]#sum-service:}"
