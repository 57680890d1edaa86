import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "hono";

/**
 * The Node request behind a Hono context when the app is served by @hono/node-server (the
 * adapter passes it as `c.env.incoming`); undefined under `app.request()`, as in most tests.
 */
export function nodeRequest(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/** The Node response behind a Hono context, as {@link nodeRequest}. */
export function nodeResponse(c: Context): ServerResponse | undefined {
  return (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
}

/**
 * A request header's value, by its lower-case name. Served by Node, it is read straight from the
 * headers Node has already parsed; the adapter's own lookup reads the same ones but validates the
 * name and re-normalises the value on every call, and a request reads several headers (the rule
 * and its cost: docs/performance.md, performance rules table). The values are the same (repeated
 * headers joined with ", ", surrounding whitespace trimmed by the parser), except that for
 * singleton headers such as Content-Type Node keeps the first copy.
 */
export function requestHeader(c: Context, lowerCaseName: string): string | undefined {
  const incoming = nodeRequest(c);
  if (incoming === undefined) return c.req.header(lowerCaseName);
  const value = incoming.headers[lowerCaseName];
  return typeof value === "string" || value === undefined ? value : value.join(", ");
}
