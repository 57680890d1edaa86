import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/app-env.js";
import { HTTPException } from "hono/http-exception";
import { respondProblem } from "../lib/respond.js";

export type BodyLimitOptions = {
  /** Largest accepted body in bytes. */
  readonly maxBytes: number;
};

const tooLarge = (c: Context<AppEnv>, maxBytes: number) =>
  respondProblem(c, "payloadTooLarge", `The request body exceeds ${maxBytes} bytes.`);

/**
 * Answers 413 for a body over `maxBytes` without buffering it: a declared Content-Length is
 * checked before reading (the HTTP parser never delivers more than it declares), and a chunked
 * body is counted while it streams in and abandoned at the first byte over the limit.
 * Unlike hono/body-limit it leaves a declared-length body untouched, so the Node adapter can
 * still read it on its fast path.
 *
 * @example
 * app.post("/sum", bodyLimit({ maxBytes: 1_048_576 }), handler);
 */
export const bodyLimit = ({ maxBytes }: BodyLimitOptions): MiddlewareHandler<AppEnv> =>
  async function bodyLimit(c, next) {
    const declared = c.req.header("content-length");
    if (declared !== undefined && c.req.header("transfer-encoding") === undefined) {
      return Number(declared) > maxBytes ? tooLarge(c, maxBytes) : next();
    }
    const stream = c.req.raw.body;
    if (!stream) return next();
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          void reader.cancel().catch(() => {});
          return tooLarge(c, maxBytes);
        }
        chunks.push(value);
      }
    } catch {
      // The client went away mid-body; nobody reads this answer, but it must not count as a server fault.
      throw new HTTPException(400, { message: "The request body could not be read." });
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks, size) });
    return next();
  };
