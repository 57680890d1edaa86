import { SecretDigests } from "./secret-digests.js";
import type { SecretSource } from "./secret-source.js";

/** A fixed secret from GATEWAY_SECRET (local use and docker-compose), or none at all: open. */
export class StaticSecretSource implements SecretSource {
  readonly mode: "open" | "enforced";
  readonly #digests: SecretDigests;

  constructor(value: string | undefined) {
    this.mode = value ? "enforced" : "open";
    this.#digests = new SecretDigests(value ? [value] : []);
  }

  isLoaded(): boolean {
    return true;
  }

  matches(presented: string): boolean {
    return this.#digests.matches(presented);
  }

  async start(): Promise<void> {}

  stop(): void {}
}
