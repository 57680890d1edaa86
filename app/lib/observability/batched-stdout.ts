/** What the batch is written to: process.stdout in production. */
export type LineSink = { write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): unknown };

/** Room past the flush threshold, so a line never has to be split across two writes. */
const LINE_ROOM_BYTES = 65_536;
/** Written buffers kept for reuse; more are only ever needed while stdout is backed up. */
const MAX_SPARES = 2;

/**
 * A pino destination that gathers lines and writes them to stdout in one call every
 * `flushIntervalMs` (or as soon as `maxBytes` pile up). A write is a system call, and one per
 * access line was the larger part of its cost; batching makes it one per many requests. Lines are
 * copied at once into an off-heap buffer: kept as strings for the interval they outlived young
 * collections and were promoted, which cost old-generation collections and resident memory.
 * A line waits at most `flushIntervalMs`; the shutdown and crash paths flush what is pending.
 */
export class BatchedStdout {
  readonly #sink: LineSink;
  readonly #maxBytes: number;
  readonly #flushIntervalMs: number;
  #buffer: Buffer;
  readonly #spares: Buffer[] = [];
  #used = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor({ sink = process.stdout as LineSink, maxBytes = 65_536, flushIntervalMs = 50 } = {}) {
    this.#sink = sink;
    this.#maxBytes = maxBytes;
    this.#flushIntervalMs = flushIntervalMs;
    this.#buffer = Buffer.allocUnsafeSlow(maxBytes + LINE_ROOM_BYTES);
  }

  write(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit, so this bound never overflows the buffer.
    if (line.length * 3 > this.#buffer.length - this.#used) {
      this.flush();
      if (line.length * 3 > this.#buffer.length) {
        this.#sink.write(line);
        return;
      }
    }
    this.#used += this.#buffer.write(line, this.#used);
    if (this.#used >= this.#maxBytes) this.flush();
    else if (!this.#timer) this.#timer = setTimeout(() => this.flush(), this.#flushIntervalMs);
  }

  /** Writes what is pending; `callback` runs once the sink has taken it (pino's flush contract). */
  flush(callback?: (error?: Error | null) => void): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#used === 0) {
      callback?.();
      return;
    }
    // The sink may hold the chunk until it is written, so the next batch takes a spare buffer,
    // and this one becomes a spare once written. Reused rather than left to the collector: a
    // fresh buffer per batch outlived young collections and its memory waited for a full one.
    const filled = this.#buffer;
    this.#buffer = this.#spares.pop() ?? Buffer.allocUnsafeSlow(filled.length);
    const chunk = filled.subarray(0, this.#used);
    this.#used = 0;
    this.#sink.write(chunk, (error) => {
      if (this.#spares.length < MAX_SPARES) this.#spares.push(filled);
      callback?.(error);
    });
  }
}
