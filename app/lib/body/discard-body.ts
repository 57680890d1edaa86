import type { Context } from "hono";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppEnv } from "../http/app-env.js";
import { isAwaitingContinue } from "./expect-continue.js";

/** How much of a refused body is read and dropped, and for how long at most. */
export type DiscardLimits = {
  readonly discardBytes: number;
  readonly discardTimeoutMs: number;
};

/** The discard limits BODY_DISCARD_LIMIT_BYTES and BODY_DISCARD_TIMEOUT_MS set. */
export const discardLimitsOf = (config: { readonly bodyDiscardLimitBytes: number; readonly bodyDiscardTimeoutMs: number }): DiscardLimits => ({
  discardBytes: config.bodyDiscardLimitBytes,
  discardTimeoutMs: config.bodyDiscardTimeoutMs,
});

/**
 * Reads and drops the rest of a refused request body, so that the refusal arrives: a server that
 * closes while the client is still sending makes the kernel answer with a reset, and a client
 * that writes its whole body before reading (Python's http.client and urllib, Node's http with
 * `agent: false`) then sees ECONNRESET or EPIPE instead of the answer. Dropped in full, the
 * connection stays usable; past `discardBytes` or `discardTimeoutMs` it is cut. When the answer
 * is the connection's last (`Connection: close`, HTTP/1.0, draining), Node closes the socket
 * right after it with `destroySoon()`; this socket's one is replaced by a lingering close, as
 * nginx does: half-close after the answer, read on, close once the body has ended.
 * A client still waiting for `100 Continue` sends no body: nothing to read.
 */
export function discardBody(incoming: IncomingMessage, outgoing: ServerResponse | undefined, limits: DiscardLimits): void {
  const socket = incoming.socket;
  if (incoming.readableEnded || incoming.destroyed || !socket || (outgoing && isAwaitingContinue(outgoing))) return;
  let dropped = 0;
  let answeredLast = false;
  const timer = setTimeout(() => socket.destroy(), limits.discardTimeoutMs);
  timer.unref();
  const destroySoon = socket.destroySoon;
  socket.destroySoon = () => {
    if (incoming.readableEnded) return destroySoon.call(socket);
    answeredLast = true;
    socket.end();
  };
  incoming.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped <= limits.discardBytes) return;
    clearTimeout(timer);
    socket.destroy();
  });
  incoming.on("end", () => {
    clearTimeout(timer);
    socket.destroySoon = destroySoon;
    if (answeredLast) socket.destroy();
  });
  incoming.on("close", () => clearTimeout(timer));
  incoming.resume();
}

/**
 * After the answer, the same for a body nobody read (a 403, a 415, a 404 to an upload): else Node
 * drops it only if the connection stays open, and closes with a reset if it does not. A body
 * already complete, or being read (or dropped) by the body reader, is left alone.
 */
export function discardUnreadBody(c: Context<AppEnv>, limits: DiscardLimits): void {
  const { incoming, outgoing } = c.env;
  if (incoming.complete || incoming.listenerCount("data") > 0) return;
  discardBody(incoming, outgoing, limits);
}
