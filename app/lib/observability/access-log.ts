import type { Context } from "hono";
import pino, { type Logger } from "pino";
import type { AppEnv } from "../http/app-env.js";

export type AccessLogOptions = {
  readonly logger: Logger;
};

const { lsCacheSym, timeSym, chindingsSym, endSym, streamSym } = pino.symbols;

/**
 * The fixed parts of a child logger's lines, read from the symbols pino exposes for integrations:
 * `{"level":30`, the time function, the bindings, the line end, and the destination.
 */
function lineParts(logger: Logger, level: string) {
  const parts = logger as unknown as Record<symbol, unknown>;
  return {
    start: (parts[lsCacheSym] as Record<number, string>)[logger.levels.values[level]!]!,
    time: parts[timeSym] as () => string,
    bindings: parts[chindingsSym] as string,
    end: parts[endSym] as string,
    destination: parts[streamSym] as { write(line: string): unknown },
  };
}

/**
 * Writes one `event: "request"` log line per request, once the answer is ready (from the request
 * lifecycle, which labels the route and times the request). Logs the route pattern, never the
 * raw path, a header value or the body.
 *
 * The line is the one `logger.child({ event: "request" }).info(fields, "request")` writes, with
 * the same level, time, bindings, destination and level filtering, but assembled from its known
 * fields rather than by pino's generic walk over an object, which costs more on every request
 * (docs/performance.md, performance rules table). Every string field is written with
 * JSON.stringify, so nothing can break the line. Whatever createLogger adds to `info` lines
 * (redact, mixin, serializers, formatters) is not applied here: test/app/access-log.test.ts fails
 * when the service's logger would write a different line.
 *
 * @example
 * const logRequest = accessLog({ logger });
 * logRequest(c, "/sum", c.res.status, 0.0004);
 */
export const accessLog = ({ logger }: AccessLogOptions) => {
  const requests = logger.child({ event: "request" });
  const { start, time, bindings, end, destination } = lineParts(requests, "info");
  return (c: Context<AppEnv>, route: string, status: number, seconds: number): void => {
    if (!requests.isLevelEnabled("info")) return;
    const consumer = c.get("consumer");
    destination.write(
      start +
        time() +
        bindings +
        `,"requestId":${JSON.stringify(c.get("requestId"))},"method":${JSON.stringify(c.req.method)},"route":${JSON.stringify(route)}` +
        `,"status":${status},"durationMs":${Math.round(seconds * 1e6) / 1000}` +
        (consumer === undefined ? "" : `,"consumer":${JSON.stringify(consumer)}`) +
        `,"msg":"request"` +
        end,
    );
  };
};
