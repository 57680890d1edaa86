/** What the batch is written to: process.stdout in production. */
export type LineSink = { write(chunk: string, callback?: (error?: Error | null) => void): unknown };

/**
 * A pino destination that gathers the lines logged during one turn of the event loop and writes
 * them to stdout in one call at the end of that turn (or as soon as 64 KiB pile up). Lines are
 * never held longer than that, and the write count drops from one per request to one per turn:
 * with sonic-boom, writing was the larger part of each access line's cost.
 * Writes to pipes and files are synchronous on Linux, so nothing is lost to a crash after a turn.
 */
export class BatchedStdout {
  readonly #sink: LineSink;
  readonly #maxChars: number;
  #lines: string[] = [];
  #chars = 0;

  constructor(sink: LineSink = process.stdout, maxChars = 65_536) {
    this.#sink = sink;
    this.#maxChars = maxChars;
  }

  write(line: string): void {
    this.#lines.push(line);
    this.#chars += line.length;
    if (this.#chars >= this.#maxChars) this.flush();
    else if (this.#lines.length === 1) setImmediate(() => this.flush());
  }

  /** Writes what is pending; `callback` runs once the sink has taken it (pino's flush contract). */
  flush(callback?: (error?: Error | null) => void): void {
    if (this.#lines.length === 0) {
      callback?.();
      return;
    }
    const chunk = this.#lines.join("");
    this.#lines = [];
    this.#chars = 0;
    this.#sink.write(chunk, callback);
  }
}
