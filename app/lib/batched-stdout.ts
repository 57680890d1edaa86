/** What the batch is written to: process.stdout in production. */
export type LineSink = { write(chunk: string, callback?: (error?: Error | null) => void): unknown };

/**
 * A pino destination that gathers lines and writes them to stdout in one call every
 * `flushIntervalMs` (or as soon as 64 KiB pile up). A write is a system call, and one per access
 * line was the larger part of its cost; batching makes it one per many requests. A line waits at
 * most `flushIntervalMs`; the shutdown and crash paths flush what is pending.
 */
export class BatchedStdout {
  readonly #sink: LineSink;
  readonly #maxChars: number;
  readonly #flushIntervalMs: number;
  #lines: string[] = [];
  #chars = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor({ sink = process.stdout as LineSink, maxChars = 65_536, flushIntervalMs = 50 } = {}) {
    this.#sink = sink;
    this.#maxChars = maxChars;
    this.#flushIntervalMs = flushIntervalMs;
  }

  write(line: string): void {
    this.#lines.push(line);
    this.#chars += line.length;
    if (this.#chars >= this.#maxChars) this.flush();
    else if (!this.#timer) this.#timer = setTimeout(() => this.flush(), this.#flushIntervalMs);
  }

  /** Writes what is pending; `callback` runs once the sink has taken it (pino's flush contract). */
  flush(callback?: (error?: Error | null) => void): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
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
