#!/usr/bin/env bash
# The commit whose kong/kong.yaml an environment's gateway runs, kept in an SSM parameter so every
# sync (deploy, daily, drift check) applies the same file, also after an image rollback.
# Usage: gateway-config-commit.sh get <environment>           prints the commit
#        gateway-config-commit.sh put <environment> <commit>  records it after a successful sync
set -euo pipefail

usage="usage: gateway-config-commit.sh get <environment> | put <environment> <commit>"
action="${1:?$usage}"
env_name="${2:?$usage}"
[[ "$env_name" =~ ^[a-z][a-z0-9-]*$ ]] || { echo "invalid environment name: $env_name" >&2; exit 1; }
parameter="/sum-platform/$env_name/gateway-config-commit"

case "$action" in
  get)
    if ! commit="$(aws ssm get-parameter --name "$parameter" --query Parameter.Value --output text 2>&1)"; then
      if [[ "$commit" == *ParameterNotFound* ]]; then
        echo "no gateway config recorded for $env_name ($parameter): run Deploy for $env_name first" >&2
      else
        echo "$commit" >&2
      fi
      exit 1
    fi
    [[ "$commit" =~ ^[0-9a-f]{40}$ ]] || { echo "$parameter holds '$commit', not a commit SHA" >&2; exit 1; }
    echo "$commit"
    ;;
  put)
    commit="${3:?$usage}"
    [[ "$commit" =~ ^[0-9a-f]{40}$ ]] || { echo "commit must be a full 40-character SHA, got '$commit'" >&2; exit 1; }
    aws ssm put-parameter --name "$parameter" --type String --overwrite --value "$commit" >/dev/null
    echo "$env_name runs the gateway config of $commit"
    ;;
  *)
    echo "$usage" >&2
    exit 1
    ;;
esac
