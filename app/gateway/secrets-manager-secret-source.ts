import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Logger } from "pino";
import { AcceptedSecrets } from "./accepted-secrets.js";
import type { SecretSource } from "./secret-source.js";

export type SecretsManagerSecretSourceOptions = {
  readonly client: SecretsManagerClient;
  /** ARN (or name) of the gateway secret. */
  readonly secretId: string;
  /** How often the cached value is refreshed. */
  readonly refreshMs: number;
  readonly logger: Logger;
  /** Called on every failed refresh, e.g. to count it. */
  readonly onRefreshFailed?: () => void;
};

/**
 * The gateway secret from AWS Secrets Manager. Both the AWSCURRENT and the AWSPREVIOUS version
 * are accepted, so a rotation never rejects a request signed with the value Kong still holds.
 * A failed refresh keeps the last good values.
 */
export class SecretsManagerSecretSource implements SecretSource {
  readonly mode = "enforced";
  readonly #options: SecretsManagerSecretSourceOptions;
  #accepted: AcceptedSecrets | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: SecretsManagerSecretSourceOptions) {
    this.#options = options;
  }

  isLoaded(): boolean {
    return this.#accepted !== undefined;
  }

  matches(presented: string): boolean {
    return this.#accepted?.matches(presented) ?? false;
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#timer ??= setInterval(() => void this.refresh(), this.#options.refreshMs);
    // The timer alone must never keep a draining process alive.
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Fetches both versions; on any failure logs, counts, and keeps what it had. */
  async refresh(): Promise<void> {
    try {
      const [current, previous] = await Promise.all([this.#fetch("AWSCURRENT"), this.#fetchPrevious()]);
      if (!current) throw new Error("the AWSCURRENT version has no SecretString");
      this.#accepted = new AcceptedSecrets(previous ? [current, previous] : [current]);
    } catch (error) {
      this.#options.onRefreshFailed?.();
      this.#options.logger.error(
        {
          event: "secret_refresh_failed",
          errorName: error instanceof Error ? error.name : "Error",
          errorMessage: error instanceof Error ? error.message : String(error),
          keptLastGood: this.isLoaded(),
        },
        "gateway secret refresh failed",
      );
    }
  }

  async #fetch(stage: "AWSCURRENT" | "AWSPREVIOUS"): Promise<string | undefined> {
    const command = new GetSecretValueCommand({ SecretId: this.#options.secretId, VersionStage: stage });
    const answer = await this.#options.client.send(command);
    return answer.SecretString;
  }

  async #fetchPrevious(): Promise<string | undefined> {
    try {
      return await this.#fetch("AWSPREVIOUS");
    } catch (error) {
      // A secret that was never rotated has no previous version.
      if (error instanceof Error && error.name === "ResourceNotFoundException") return undefined;
      throw error;
    }
  }
}
