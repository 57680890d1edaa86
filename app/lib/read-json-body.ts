import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.js";
import { nodeRequest, requestHeader } from "./node-request.js";
import { respondProblem } from "./respond.js";

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/i;
// One decoder for every path, so a leading byte order mark is ignored the same way everywhere.
const utf8 = new TextDecoder();

/** Why a body was not read: too large, or the client went away before it was complete. */
type Unread = "tooLarge" | "aborted";

/**
 * Reads a JSON request body, or answers the problem with it:
 * - 415 unless the declared media type is JSON (`application/json` or `application/*+json`,
 *   parameters allowed), before a byte is read;
 * - 413 for a body over `maxBytes`: a declared Content-Length is checked before reading (the HTTP
 *   parser never delivers more than declared); a chunked body is counted as it streams in and
 *   abandoned at the first byte over, never buffered whole. The answer closes the connection, so
 *   the rest of the body is never read;
 * - 400 for malformed JSON or a body that could not be read.
 * Served by Node, the body is read straight from the Node request, as a bare node:http server
 * would; through the adapter's Web Request it took several microseconds more per request.
 * One function rather than a middleware chain: every async layer costs on each request.
 */
export async function readJsonBody(c: Context<AppEnv>, maxBytes: number): Promise<{ value: unknown } | Response> {
  const header = requestHeader(c, "content-type") ?? "";
  const semicolon = header.indexOf(";");
  const mediaType = (semicolon === -1 ? header : header.slice(0, semicolon)).trim();
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    const detail = header
      ? `Content-Type ${mediaType.slice(0, 100)} is not supported; send application/json.`
      : "Content-Type is missing; send application/json.";
    return respondProblem(c, "unsupportedMediaType", detail);
  }
  const declared = requestHeader(c, "content-length");
  const chunked = declared === undefined || requestHeader(c, "transfer-encoding") !== undefined;
  if (!chunked && Number(declared) > maxBytes) return tooLarge(c, maxBytes);
  const incoming = nodeRequest(c);
  // Neither reader rejects: one promise per request rather than one more for a catch.
  const bytes = await (incoming ? readNodeBody(incoming, maxBytes) : readWebBody(c.req.raw.body, maxBytes));
  // The client went away mid-body; nobody reads this answer, but it is not a server fault.
  if (bytes === "aborted") return respondProblem(c, "malformedJson", "The request body could not be read.");
  if (bytes === "tooLarge") return tooLarge(c, maxBytes);
  try {
    return { value: JSON.parse(utf8.decode(bytes)) as unknown };
  } catch {
    return respondProblem(c, "malformedJson", "The request body is not valid JSON.");
  }
}

// A function, not a closure made on every request for the rare case that needs it.
const tooLarge = (c: Context<AppEnv>, maxBytes: number) =>
  respondProblem(c, "payloadTooLarge", `The request body exceeds ${maxBytes} bytes.`, { headers: { connection: "close" } });

/** The Node request's body, or why not: stops listening at the first byte over `maxBytes`. */
function readNodeBody(incoming: IncomingMessage, maxBytes: number): Promise<Uint8Array | Unread> {
  // Already consumed, or the connection already failed: 'end' would never come.
  if (incoming.readableEnded || incoming.destroyed) return Promise.resolve("aborted");
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    // The listeners stay: the request is dropped after this one answer, and removing four
    // listeners cost more per request than the rest of this reader.
    const settle = (result: Uint8Array | Unread) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      resolve(result);
    };
    incoming.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        incoming.pause();
        settle("tooLarge");
      } else chunks.push(chunk);
    });
    incoming.on("end", () => settle(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    incoming.on("error", () => settle("aborted"));
    incoming.on("close", () => settle("aborted"));
  });
}

/** The same from a Web stream (requests made with app.request()). */
async function readWebBody(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array | Unread> {
  if (!stream) return new Uint8Array(0);
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
        return "tooLarge";
      }
      chunks.push(value);
    }
  } catch {
    return "aborted";
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}
