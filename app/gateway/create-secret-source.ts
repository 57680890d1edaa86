import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Metrics } from "../lib/metrics.js";
import { SecretsManagerSecretSource } from "./secrets-manager-secret-source.js";
import type { SecretSource } from "./secret-source.js";
import { StaticSecretSource } from "./static-secret-source.js";

/**
 * Picks the secret source the configuration names: Secrets Manager when GATEWAY_SECRET_ARN is
 * set, else the plain GATEWAY_SECRET, else open. Nothing is fetched until `start()`.
 */
export function createSecretSource(
  config: Config,
  { logger, metrics, client }: { logger: Logger; metrics: Metrics; client?: SecretsManagerClient },
): SecretSource {
  if (!config.gatewaySecretArn) return new StaticSecretSource(config.gatewaySecret);
  return new SecretsManagerSecretSource({
    client: client ?? new SecretsManagerClient(config.awsRegion ? { region: config.awsRegion } : {}),
    secretId: config.gatewaySecretArn,
    refreshMs: config.secretRefreshSeconds * 1000,
    logger,
    onRefreshFailed: () => metrics.secretRefreshFailures.inc(),
  });
}
