import { AcceptedSecrets } from "./accepted-secrets.js";
import type { SecretSource } from "./secret-source.js";

/** A fixed secret from GATEWAY_SECRET (local use and docker-compose), or none at all: open. */
export class StaticSecretSource implements SecretSource {
  readonly mode: "open" | "enforced";
  readonly #accepted: AcceptedSecrets;

  constructor(value: string | undefined) {
    this.mode = value ? "enforced" : "open";
    this.#accepted = new AcceptedSecrets(value ? [value] : []);
  }

  isLoaded(): boolean {
    return true;
  }

  matches(presented: string): boolean {
    return this.#accepted.matches(presented);
  }

  async start(): Promise<void> {}

  stop(): void {}
}
