import type { Context } from "hono";
import type { AppEnv } from "./app-env.js";

/**
 * A request header's value, by its lower-case name, read straight from the headers Node has
 * already parsed. Hono's `c.req.header()` reads the same ones through the adapter's Headers,
 * which validates the name and re-normalises the value on every call, and a request reads
 * several headers (docs/performance.md, performance rules table). The values are the same
 * (repeated headers joined with ", ", surrounding whitespace trimmed by the parser), except that
 * for singleton headers such as Content-Type Node keeps the first copy.
 */
export function requestHeader(c: Context<AppEnv>, lowerCaseName: string): string | undefined {
  const value = c.env.incoming.headers[lowerCaseName];
  return typeof value === "string" || value === undefined ? value : value.join(", ");
}
