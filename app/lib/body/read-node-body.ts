import type { IncomingMessage, ServerResponse } from "node:http";
import type { BodyBudget } from "../load-shedding/body-budget.js";
import { type DiscardLimits, discardBody } from "./discard-body.js";
import type { JsonLimits } from "./json-complexity.js";
import { continueIfExpected } from "./expect-continue.js";

/** What bounds the reading of one body. */
export type BodyLimits = DiscardLimits & {
  /** What the JSON may hold before it is refused unparsed (json-complexity.ts). */
  readonly json?: JsonLimits;
  /** The largest body accepted, in bytes (BODY_LIMIT_BYTES). */
  readonly maxBytes: number;
  /** Body bytes all requests may hold at once (BODY_BUDGET_BYTES). */
  readonly budget: BodyBudget;
};

/** Why a body was not read: too large, no room in the budget, or the client went away. */
export type Unread = "tooLarge" | "overBudget" | "aborted";

/** The smallest buffer a body spread over several chunks starts with. */
const MIN_CAPACITY = 16 * 1024;
const EMPTY = Buffer.alloc(0);

/**
 * The Node request's body, or why not. Memory is bounded by construction: a body that arrives in
 * one chunk is that chunk (no copy); otherwise bytes are copied as they arrive into one buffer,
 * sized to the declared Content-Length or grown by doubling up to `maxBytes`, so a body sent as
 * a million 1-byte chunks costs its length, not a million Buffer objects. What the buffer may
 * occupy is reserved in the budget first and given back however reading ends.
 *
 * A refused body (too large, over budget) is answered at once and the rest read and dropped
 * within limits (discard-body.ts), so that the refusal arrives.
 * `Expect: 100-continue` is answered here, once every check before reading has passed.
 */
export function readNodeBody(
  incoming: IncomingMessage,
  outgoing: ServerResponse | undefined,
  declared: number | undefined,
  limits: BodyLimits,
): Promise<Buffer | Unread> {
  // Already consumed, or the connection already failed: 'end' would never come.
  if (incoming.readableEnded || incoming.destroyed) return Promise.resolve("aborted");
  const { maxBytes, budget } = limits;
  if (declared !== undefined && declared > maxBytes) return Promise.resolve(refuse(incoming, outgoing, limits, "tooLarge"));
  if (declared !== undefined && !budget.tryReserve(declared)) return Promise.resolve(refuse(incoming, outgoing, limits, "overBudget"));
  if (outgoing) continueIfExpected(outgoing);
  return new Promise((resolve) => {
    let reserved = declared ?? 0;
    let first: Buffer | undefined;
    let buffer: Buffer | undefined;
    let size = 0;
    let settled = false;
    // The listeners stay: the request is dropped after this one answer, and removing them cost
    // more per request than the rest of this reader.
    const settle = (result: Buffer | Unread) => {
      if (settled) return;
      settled = true;
      budget.release(reserved);
      reserved = 0;
      first = buffer = undefined;
      resolve(result === "tooLarge" || result === "overBudget" ? refuse(incoming, outgoing, limits, result) : result);
    };
    incoming.on("data", (chunk: Buffer) => {
      if (settled) return;
      const end = size + chunk.length;
      if (end > maxBytes) return settle("tooLarge");
      // A declared length was reserved whole; a chunked body reserves what its buffer may take.
      if (size === 0) {
        if (declared === undefined) {
          if (!budget.tryReserve(chunk.length)) return settle("overBudget");
          reserved = chunk.length;
        }
        first = chunk;
      } else {
        if (buffer === undefined || end > buffer.length) {
          const capacity = declared ?? Math.min(maxBytes, Math.max(end, MIN_CAPACITY, 2 * (buffer?.length ?? 0)));
          if (declared === undefined) {
            if (!budget.tryReserve(capacity - reserved)) return settle("overBudget");
            reserved = capacity;
          }
          const grown = Buffer.allocUnsafe(capacity);
          (buffer ?? first!).copy(grown, 0, 0, size);
          buffer = grown;
          first = undefined;
        }
        chunk.copy(buffer, size);
      }
      size = end;
    });
    incoming.on("end", () => settle(buffer ? buffer.subarray(0, size) : (first ?? EMPTY)));
    incoming.on("error", () => settle("aborted"));
    incoming.on("close", () => settle("aborted"));
  });
}

// A function, not a closure made on every request for the rare case that needs it.
function refuse(incoming: IncomingMessage, outgoing: ServerResponse | undefined, limits: BodyLimits, why: "tooLarge" | "overBudget") {
  discardBody(incoming, outgoing, limits);
  return why;
}
