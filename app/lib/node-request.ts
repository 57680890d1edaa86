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
 * A request header's value, by its lower-case name. Served by Node, it is read from the headers
 * Node has already parsed, as the adapter's own lookup does after validating the name and
 * re-normalising the value on every call (about 0.3 us each, six times a request); the values
 * are the same (repeated headers joined with ", ", surrounding whitespace trimmed by the
 * parser), except that for singleton headers such as Content-Type Node keeps the first copy.
 */
export function requestHeader(c: Context, lowerCaseName: string): string | undefined {
  const incoming = nodeRequest(c);
  if (incoming === undefined) return c.req.header(lowerCaseName);
  const value = incoming.headers[lowerCaseName];
  return typeof value === "string" || value === undefined ? value : value.join(", ");
}
