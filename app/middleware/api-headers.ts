import type { MiddlewareHandler } from "hono";
import type { DrainState } from "../lib/drain-state.js";

export type ApiHeadersOptions = {
  /** While it reports draining, answers ask keep-alive clients to reconnect elsewhere. */
  readonly drainState: DrainState;
};

const SAFE_HEADERS = {
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
} as const;

/**
 * Safe headers on every answer. Set before the handler runs, so they ride on the response as it
 * is built: headers added afterwards (as hono/secure-headers does) force the Node adapter to
 * materialise a full Headers object per response, which cost a large share of throughput.
 *
 * @example
 * app.use(apiHeaders({ drainState }));
 */
export const apiHeaders = ({ drainState }: ApiHeadersOptions): MiddlewareHandler =>
  async function apiHeaders(c, next) {
    for (const [name, value] of Object.entries(SAFE_HEADERS)) c.header(name, value);
    await next();
    // Checked after the handler: a request already in flight when the drain began must close too.
    if (drainState.isDraining) c.header("connection", "close");
  };
