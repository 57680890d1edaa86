import type { Context } from "hono";
import type { AppEnv } from "./app-env.js";
import { respondProblem } from "./respond.js";

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/i;

/**
 * Reads a JSON request body, or answers the problem with it:
 * - 415 unless the declared media type is JSON (`application/json` or `application/*+json`,
 *   parameters allowed), before a byte is read;
 * - 413 for a body over `maxBytes`: a declared Content-Length is checked before reading (the HTTP
 *   parser never delivers more than declared); a chunked body is counted as it streams in and
 *   abandoned at the first byte over, never buffered whole;
 * - 400 for malformed JSON or a body that could not be read.
 * One function rather than a middleware chain: every async layer costs on each request.
 */
export async function readJsonBody(c: Context<AppEnv>, maxBytes: number): Promise<{ value: unknown } | Response> {
  const header = c.req.header("content-type") ?? "";
  const semicolon = header.indexOf(";");
  const mediaType = (semicolon === -1 ? header : header.slice(0, semicolon)).trim();
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    const detail = header
      ? `Content-Type ${mediaType.slice(0, 100)} is not supported; send application/json.`
      : "Content-Type is missing; send application/json.";
    return respondProblem(c, "unsupportedMediaType", detail);
  }
  const declared = c.req.header("content-length");
  const chunked = declared === undefined || c.req.header("transfer-encoding") !== undefined;
  if (!chunked && Number(declared) > maxBytes) return tooLarge(c, maxBytes);
  let text: string;
  try {
    if (chunked) {
      const streamed = await readStreamWithin(c.req.raw.body, maxBytes);
      if (streamed === undefined) return tooLarge(c, maxBytes);
      text = streamed;
    } else {
      text = await c.req.raw.text();
    }
  } catch {
    // The client went away mid-body; nobody reads this answer, but it is not a server fault.
    return respondProblem(c, "malformedJson", "The request body could not be read.");
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return respondProblem(c, "malformedJson", "The request body is not valid JSON.");
  }
}

// A function, not a closure made on every request for the rare case that needs it.
const tooLarge = (c: Context<AppEnv>, maxBytes: number) =>
  respondProblem(c, "payloadTooLarge", `The request body exceeds ${maxBytes} bytes.`);

/** The stream's text, or undefined as soon as it passes `maxBytes` (the rest is not read). */
async function readStreamWithin(stream: ReadableStream<Uint8Array> | null, maxBytes: number) {
  if (!stream) return "";
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}
