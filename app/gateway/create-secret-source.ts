import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Metrics } from "../lib/observability/metrics.js";
import type { RetryBackoff } from "./retry-backoff.js";
import { SecretsManagerSecretSource } from "./secrets-manager-secret-source.js";
import type { SecretSource } from "./secret-source.js";
import { StaticSecretSource } from "./static-secret-source.js";

export type SecretsManagerTimeouts = {
  /** TCP connection set-up. @default 1000 */
  readonly connectMs?: number;
  /** From sending the request to the response headers; also the longest silence while reading the body. @default 3000 */
  readonly requestMs?: number;
};

/**
 * A Secrets Manager client that gives up: without these the SDK waits for a hanging endpoint for
 * minutes. In @smithy/node-http-handler 4.x `requestTimeout` alone only logs a warning;
 * `throwOnRequestTimeout` makes it abort the call with a TimeoutError. The SDK's own retries are
 * off (`maxAttempts: 1`): the secret source retries with its own backoff, and logs and counts
 * every attempt, which retries hidden inside one `send` would not.
 */
export function createSecretsManagerClient({
  region,
  endpoint,
  connectMs = 1_000,
  requestMs = 3_000,
}: SecretsManagerTimeouts & { region?: string; endpoint?: string }): SecretsManagerClient {
  return new SecretsManagerClient({
    ...(region && { region }),
    ...(endpoint && { endpoint }),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: connectMs, requestTimeout: requestMs, throwOnRequestTimeout: true, socketTimeout: requestMs },
  });
}

/**
 * Picks the secret source the configuration names: Secrets Manager when GATEWAY_SECRET_ARN is
 * set, else the plain GATEWAY_SECRET, else open. Nothing is fetched until `start()`.
 */
export function createSecretSource(
  config: Config,
  { logger, metrics, client, retry }: { logger: Logger; metrics: Metrics; client?: SecretsManagerClient; retry?: RetryBackoff },
): SecretSource {
  if (!config.gatewaySecretArn) return new StaticSecretSource(config.gatewaySecret);
  return new SecretsManagerSecretSource({
    client: client ?? createSecretsManagerClient({ region: config.awsRegion }),
    secretId: config.gatewaySecretArn,
    refreshMs: config.secretRefreshSeconds * 1000,
    logger,
    retry,
    onRefreshFailed: () => metrics.secretRefreshFailures.inc(),
  });
}
