/**
 * The process-wide allowance of request-body bytes held in memory at once. Each body reserves
 * what it may occupy (its declared Content-Length up front, or its buffer as a chunked body
 * grows) and gives it back once read, refused or abandoned. A body that does not fit is refused
 * with a 503 rather than queued: the memory of a task is fixed, and a caller that retries later
 * costs less than a task that runs out of it.
 *
 * @example
 * const budget = new BodyBudget(64 * 1024 * 1024);
 * if (budget.tryReserve(length)) try { read() } finally { budget.release(length) }
 */
export class BodyBudget {
  readonly limitBytes: number;
  #inFlight = 0;

  constructor(limitBytes: number) {
    this.limitBytes = limitBytes;
  }

  /** Bytes reserved now by bodies being read. */
  get inFlightBytes(): number {
    return this.#inFlight;
  }

  /** Reserves `bytes` if they fit, and says whether they did. */
  tryReserve(bytes: number): boolean {
    if (this.#inFlight + bytes > this.limitBytes) return false;
    this.#inFlight += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#inFlight -= bytes;
  }
}
