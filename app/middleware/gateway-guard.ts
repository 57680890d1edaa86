import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { SecretSource } from "../gateway/secret-source.js";
import type { AppEnv } from "../lib/http/app-env.js";
import type { Metrics } from "../lib/observability/metrics.js";
import { requestHeader } from "../lib/http/request-header.js";
import { probePaths } from "../lib/http/probe-paths.js";
import { respondProblem } from "../lib/http/respond.js";
import type { RouteLabels } from "../lib/observability/route-label.js";

export type GatewayGuardOptions = {
  readonly source: SecretSource;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly routeLabels: RouteLabels;
  /** Header carrying the secret Kong adds upstream. @default "x-gateway-secret" */
  readonly headerName?: string;
  /** Paths reachable without the secret (the load balancer's probes). @default the probe paths (probe-paths.ts) */
  readonly exemptPaths?: readonly string[];
  /** Header naming the Kong consumer, trusted only after the check. @default "x-consumer-username" */
  readonly consumerHeader?: string;
};

const CONSUMER_PATTERN = /^[\w.@+-]{1,128}$/;

/**
 * Refuses (403) any request that did not come through the gateway, i.e. lacks the shared secret.
 *
 * @example
 * app.use(gatewayGuard({ source, logger, metrics, routeLabels }));
 */
export const gatewayGuard = ({
  source,
  logger,
  metrics,
  routeLabels,
  headerName = "x-gateway-secret",
  exemptPaths = probePaths,
  consumerHeader = "x-consumer-username",
}: GatewayGuardOptions): MiddlewareHandler<AppEnv> => {
  const exempt = new Set(exemptPaths);
  const secretHeader = headerName.toLowerCase();
  const consumerHeaderName = consumerHeader.toLowerCase();
  // Not async: it only passes the chain's promise on, and an async wrapper would add turns.
  return function gatewayGuard(c, next) {
    if (exempt.has(c.req.path) || source.mode === "open") return next();
    const presented = requestHeader(c, secretHeader);
    if (presented !== undefined && source.matches(presented)) {
      const consumer = requestHeader(c, consumerHeaderName);
      if (consumer !== undefined && CONSUMER_PATTERN.test(consumer)) c.set("consumer", consumer);
      return next();
    }
    metrics.gatewayRejections.inc();
    logger.warn(
      {
        event: "gateway_rejected",
        requestId: c.get("requestId"),
        method: c.req.method,
        route: routeLabels.label(c.req.path),
        reason: presented === undefined ? "missing" : source.isLoaded() ? "mismatch" : "secret_not_loaded",
      },
      "request refused: gateway secret missing or wrong",
    );
    return Promise.resolve(respondProblem(c, "gatewayRejected", "This service is reachable only through the API gateway."));
  };
};
