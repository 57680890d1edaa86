import type { IncomingMessage, Server, ServerResponse } from "node:http";

// Responses whose client waits for `100 Continue` before sending the body.
const awaitingContinue = new WeakSet<ServerResponse>();

/**
 * Makes `Expect: 100-continue` answered only when the body is about to be read. Node sends
 * `100 Continue` at once unless a 'checkContinue' listener exists; this one passes the request
 * on as any other, and {@link continueIfExpected} sends it from the body reader, after the gateway
 * secret, media type, encoding, size and budget checks. A refused request is answered with its
 * final status and the client never sends the body.
 *
 * @example
 * deferContinue(serve({ fetch: app.fetch, port }) as Server);
 */
export function deferContinue(server: Server): void {
  server.on("checkContinue", (incoming: IncomingMessage, outgoing: ServerResponse) => {
    awaitingContinue.add(outgoing);
    server.emit("request", incoming, outgoing);
  });
}

/** Sends `100 Continue` if the client is waiting for it; called before reading the body. */
export function continueIfExpected(outgoing: ServerResponse): void {
  if (awaitingContinue.delete(outgoing)) outgoing.writeContinue();
}

/** True while the client waits for `100 Continue`, i.e. has sent no body yet. */
export function isAwaitingContinue(outgoing: ServerResponse): boolean {
  return awaitingContinue.has(outgoing);
}
