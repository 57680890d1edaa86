import { randomUUID } from "node:crypto";

/**
 * Ids for requests that arrive without a usable X-Request-Id: a UUID drawn once per process,
 * then a counter (`<uuid>-1`, `<uuid>-2`, … in base 36), the way Kong's correlation-id plugin
 * does with its `uuid#counter` generator: as unique across processes as a UUID per request,
 * without a random draw per request, which would cost on every request that brings no id
 * (docs/performance.md, performance rules table). An id names a request in logs; it is not a
 * secret and needs no unpredictability.
 *
 * @example
 * const nextId = requestIds(); nextId(); // "6f1c…-1"
 */
export function requestIds(processId: string = randomUUID()): () => string {
  let count = 0;
  return () => `${processId}-${(++count).toString(36)}`;
}

/** A caller's request id is kept only when short and plain (the rule of hono/request-id); else replaced. */
export const SAFE_REQUEST_ID = /^[\w\-=]{1,255}$/;

const nextProcessRequestId = requestIds();

/** The caller's request id when it is short and plain, else the process's next one. */
export function requestIdFor(given: string | undefined): string {
  return given !== undefined && SAFE_REQUEST_ID.test(given) ? given : nextProcessRequestId();
}
