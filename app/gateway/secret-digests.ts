import { hash, timingSafeEqual } from "node:crypto";

// One-shot hashing: this runs on every request.
const digest = (value: string): Buffer => hash("sha256", value, "buffer");

/**
 * The accepted secret values, kept only as SHA-256 digests. Comparing equal-length digests with
 * timingSafeEqual leaks neither the secret's content nor its length, and every accepted value is
 * checked so the time does not depend on which one matched.
 */
export class SecretDigests {
  readonly #digests: readonly Buffer[];

  constructor(values: readonly string[]) {
    this.#digests = values.filter((value) => value.length > 0).map(digest);
  }

  get size(): number {
    return this.#digests.length;
  }

  matches(presented: string): boolean {
    const candidate = digest(presented);
    let matched = false;
    for (const accepted of this.#digests) matched = timingSafeEqual(candidate, accepted) || matched;
    return matched;
  }
}
