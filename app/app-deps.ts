import type { Logger } from "pino";
import type { Config } from "./config.js";
import { createSecretSource } from "./gateway/create-secret-source.js";
import type { SecretSource } from "./gateway/secret-source.js";
import { BodyBudget } from "./lib/load-shedding/body-budget.js";
import { DrainState } from "./lib/http/drain-state.js";
import { createSilentLogger } from "./lib/observability/logger.js";
import { Metrics } from "./lib/observability/metrics.js";

/** What the app needs from outside; the server passes real ones, tests pass stubs. */
export type AppDeps = {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly secretSource: SecretSource;
  readonly drainState: DrainState;
  /** Request-body bytes in flight, shared by every request of the process. */
  readonly bodyBudget: BodyBudget;
  /** Reported in the OpenAPI document. */
  readonly version: string;
};

/**
 * Fills every missing dependency with a safe default: a silent logger, a fresh metrics registry,
 * the secret source the config names (open when none, never fetched until started, so an
 * ARN-only config stays closed rather than open), and a body budget of the configured size.
 */
export function resolveDeps(config: Config, deps: Partial<AppDeps>): AppDeps {
  const logger = deps.logger ?? createSilentLogger();
  const metrics = deps.metrics ?? new Metrics();
  return {
    logger,
    metrics,
    secretSource: deps.secretSource ?? createSecretSource(config, { logger, metrics }),
    drainState: deps.drainState ?? new DrainState(),
    bodyBudget: deps.bodyBudget ?? new BodyBudget(config.bodyBudgetBytes),
    version: deps.version ?? "0.0.0",
  };
}
