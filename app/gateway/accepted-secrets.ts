import { timingSafeEqual } from "node:crypto";

/** The longest accepted secret, in UTF-8 bytes; generated secrets are 64 characters. */
export const MAX_SECRET_BYTES = 256;

/**
 * The accepted secret values, each zero-padded to MAX_SECRET_BYTES. A presented value is written
 * into a padded scratch buffer of the same size and compared with timingSafeEqual against every
 * accepted value: the time depends on neither the secrets' content nor their length, nor on which
 * one matched. Hashing both sides would also hide the length, but sets up sha256 on every request,
 * a cost larger than this whole check (docs/performance.md, performance rules table).
 */
export class AcceptedSecrets {
  readonly #padded: readonly Buffer[];
  readonly #lengths: readonly number[];
  // UTF-8 takes at most 3 bytes per UTF-16 unit, so a value that passes the length guard fits.
  readonly #scratch = Buffer.alloc(MAX_SECRET_BYTES * 3);
  readonly #window = this.#scratch.subarray(0, MAX_SECRET_BYTES);

  /** @throws RangeError for a value over MAX_SECRET_BYTES (never echoing it). */
  constructor(values: readonly string[]) {
    const accepted = values.filter((value) => value.length > 0);
    for (const value of accepted) {
      if (Buffer.byteLength(value) > MAX_SECRET_BYTES) throw new RangeError(`a gateway secret is longer than ${MAX_SECRET_BYTES} bytes`);
    }
    this.#padded = accepted.map((value) => {
      const padded = Buffer.alloc(MAX_SECRET_BYTES);
      padded.write(value);
      return padded;
    });
    this.#lengths = accepted.map((value) => Buffer.byteLength(value));
  }

  get size(): number {
    return this.#padded.length;
  }

  matches(presented: string): boolean {
    // Decided by the presented value's own length, which its sender already knows.
    if (presented.length > MAX_SECRET_BYTES) return false;
    const length = this.#scratch.write(presented, 0);
    if (length > MAX_SECRET_BYTES) return false;
    this.#scratch.fill(0, length, MAX_SECRET_BYTES);
    let matched = false;
    for (let i = 0; i < this.#padded.length; i++) {
      // Padding alone cannot tell "abc" from "abc\0"; the lengths must agree as well.
      const same = timingSafeEqual(this.#window, this.#padded[i]!) && length === this.#lengths[i];
      matched = same || matched;
    }
    return matched;
  }
}
