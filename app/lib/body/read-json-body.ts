import type { Context } from "hono";
import type { AppEnv } from "../http/app-env.js";
import { jsonComplexityProblem } from "./json-complexity.js";
import { type BodyLimits, readNodeBody, type Unread } from "./read-node-body.js";
import { requestHeader } from "../http/request-header.js";
import { respondProblem } from "../http/respond.js";

export type { BodyLimits };

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/i;
// One decoder for every path, so a leading byte order mark is ignored the same way everywhere.
const utf8 = new TextDecoder();
/** Seconds a caller refused for lack of body budget is asked to wait: bodies in flight last about that. */
const BUSY_RETRY_AFTER_SECONDS = "1";

/**
 * Reads a JSON request body, or answers the problem with it:
 * - 415 unless the declared media type is JSON (`application/json` or `application/*+json`,
 *   parameters allowed), or for a Content-Encoding other than identity, before a byte is read;
 * - 413 for a body over `maxBytes`: a declared Content-Length is checked before reading, a
 *   chunked body is counted as it streams in;
 * - 503 with Retry-After when the body does not fit in the process-wide budget;
 * - 400 for malformed JSON or a body that could not be read; 422 for JSON nested, keyed or long
 *   far beyond any valid body, refused by a byte scan before JSON.parse would build it.
 * The Node reader (read-node-body.ts) bounds memory, answers `Expect: 100-continue` and reads
 * refused bodies on so that the refusal arrives. The body is read straight from the Node
 * request, as a bare node:http server would. One function rather than a middleware chain: every
 * async layer costs on each request.
 */
export async function readJsonBody(c: Context<AppEnv>, limits: BodyLimits): Promise<{ value: unknown } | Response> {
  const header = requestHeader(c, "content-type") ?? "";
  const semicolon = header.indexOf(";");
  const mediaType = (semicolon === -1 ? header : header.slice(0, semicolon)).trim();
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    const detail = header
      ? `Content-Type ${mediaType.slice(0, 100)} is not supported; send application/json.`
      : "Content-Type is missing; send application/json.";
    return respondProblem(c, "unsupportedMediaType", detail);
  }
  const encoding = requestHeader(c, "content-encoding");
  if (encoding !== undefined && encoding.toLowerCase() !== "identity" && encoding !== "") {
    const detail = `Content-Encoding ${encoding.slice(0, 100)} is not supported; send the body uncompressed.`;
    return respondProblem(c, "unsupportedMediaType", detail);
  }
  const length = requestHeader(c, "content-length");
  const declared = length === undefined || requestHeader(c, "transfer-encoding") !== undefined ? undefined : Number(length);
  // The reader never rejects: one promise per request rather than one more for a catch.
  const bytes = await readNodeBody(c.env.incoming, c.env.outgoing, declared, limits);
  if (typeof bytes === "string") return refuse(c, bytes, limits);
  const tooComplex = jsonComplexityProblem(bytes, limits.json);
  if (tooComplex !== undefined) {
    return respondProblem(c, "validationFailed", tooComplex, { errors: [{ pointer: "", detail: tooComplex }] });
  }
  try {
    return { value: JSON.parse(utf8.decode(bytes)) as unknown };
  } catch {
    return respondProblem(c, "malformedJson", "The request body is not valid JSON.");
  }
}

// A function, not a closure made on every request for the rare case that needs it.
function refuse(c: Context<AppEnv>, why: Unread, limits: BodyLimits) {
  if (why === "tooLarge") return respondProblem(c, "payloadTooLarge", `The request body exceeds ${limits.maxBytes} bytes.`);
  if (why === "overBudget") {
    const detail = "The service is receiving too many request bodies at once; retry shortly.";
    return respondProblem(c, "bodyBudgetExhausted", detail, { headers: { "retry-after": BUSY_RETRY_AFTER_SECONDS } });
  }
  // The client went away mid-body; nobody reads this answer, but it is not a server fault.
  return respondProblem(c, "malformedJson", "The request body could not be read.");
}
