import type { Context } from "hono";
import type { Logger } from "pino";
import type { AppEnv } from "../lib/app-env.js";
import type { Metrics } from "../lib/metrics.js";
import { routeLabel } from "../lib/route-label.js";

export type AccessLogOptions = {
  readonly logger: Logger;
  readonly metrics: Metrics;
};

/**
 * One `event: "request"` log line and one metrics observation per request, recorded once the
 * answer is ready (from the request lifecycle). Logs the route pattern, never the raw path, a
 * header value or the body.
 *
 * @example
 * const record = accessLog({ logger, metrics });
 * const started = performance.now(); await next(); record(c, started);
 */
export const accessLog = ({ logger, metrics }: AccessLogOptions) => {
  // Bound once: pino serialises a child's bindings at creation, not on every line.
  const requests = logger.child({ event: "request" });
  return (c: Context<AppEnv>, started: number): void => {
    const seconds = (performance.now() - started) / 1000;
    const route = routeLabel(c.req.path);
    const { status } = c.res;
    metrics.observeRequest(c.req.method, route, status, seconds);
    requests.info(
      {
        requestId: c.get("requestId"),
        method: c.req.method,
        route,
        status,
        durationMs: Math.round(seconds * 1e6) / 1000,
        consumer: c.get("consumer"),
      },
      "request",
    );
  };
};
