import type { Context } from "hono";
import type { AppEnv } from "../lib/http/app-env.js";
import type { DrainState } from "../lib/http/drain-state.js";
import { requestHeader } from "../lib/http/request-header.js";
import { requestIdFor } from "../lib/http/request-ids.js";

export type RequestContextOptions = {
  /** While it reports draining, answers ask keep-alive clients to reconnect elsewhere. */
  readonly drainState: DrainState;
  /** Header carrying the request id in and out. @default "x-request-id" */
  readonly headerName?: string;
};

/**
 * Gives each request its id (the caller's X-Request-Id, e.g. Kong's correlation id, when safe;
 * else a new one, see request-ids.ts) and the headers every answer carries: the id,
 * `X-Content-Type-Options: nosniff` and `Cache-Control: no-store`. respondJson builds every
 * answer of the service's own with them; the two answers libraries build (the OpenAPI document,
 * the docs page) get them from withStandardHeaders (respond.ts). `finish` asks keep-alive clients to
 * reconnect elsewhere while draining. Two halves rather than a middleware of its own: run from
 * the request lifecycle, they share its one await.
 *
 * @example
 * const context = requestContext({ drainState });
 * context.start(c); await next(); context.finish(c);
 */
export const requestContext = ({ drainState, headerName = "x-request-id" }: RequestContextOptions) => {
  const idHeader = headerName.toLowerCase();
  return {
    start(c: Context<AppEnv>): void {
      const id = requestIdFor(requestHeader(c, idHeader));
      c.set("requestId", id);
      c.set("standardHeaders", { [idHeader]: id, "x-content-type-options": "nosniff", "cache-control": "no-store" });
    },
    finish(c: Context<AppEnv>): void {
      // Checked after the handler: a request already in flight when the drain began must close too.
      if (drainState.isDraining) c.header("connection", "close");
    },
  };
};
