import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Logger } from "pino";
import { AcceptedSecrets } from "./accepted-secrets.js";
import { describeFailure } from "./describe-failure.js";
import { DEFAULT_RETRY_BACKOFF, retryDelayMs, type RetryBackoff } from "./retry-backoff.js";
import type { SecretSource } from "./secret-source.js";
import { withDeadline } from "./with-deadline.js";

export type SecretsManagerSecretSourceOptions = {
  readonly client: SecretsManagerClient;
  /** ARN (or name) of the gateway secret. */
  readonly secretId: string;
  /** How often the cached value is refreshed once loaded. */
  readonly refreshMs: number;
  readonly logger: Logger;
  /** Called on every failed attempt, timeouts included, e.g. to count it. */
  readonly onRefreshFailed?: () => void;
  /** Waits after failed attempts, before the first load and after it alike. @default DEFAULT_RETRY_BACKOFF */
  readonly retry?: RetryBackoff;
  /**
   * Deadline for one GetSecretValue call, over the client's own timeouts: it also bounds what they
   * do not (fetching credentials, a response body that stalls). @default 5000
   */
  readonly callTimeoutMs?: number;
};

/**
 * The gateway secret from AWS Secrets Manager. Both the AWSCURRENT and the AWSPREVIOUS version
 * are accepted, so a rotation never rejects a request signed with the value Kong still holds.
 *
 * One attempt at a time, its two calls one after the other, so a hanging endpoint holds at most
 * one connection. A failed attempt is logged, counted, and retried with backoff (the first load
 * until it succeeds); a loaded value is refreshed every `refreshMs`, and kept while refreshes fail.
 */
export class SecretsManagerSecretSource implements SecretSource {
  readonly mode = "enforced";
  readonly #options: SecretsManagerSecretSourceOptions;
  #accepted: AcceptedSecrets | undefined;
  #inFlight: Promise<number> | undefined;
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  readonly #stopping = new AbortController();
  readonly #stopReason = Object.assign(new Error("the secret source was stopped"), { name: "AbortError" });

  constructor(options: SecretsManagerSecretSourceOptions) {
    this.#options = options;
  }

  isLoaded(): boolean {
    return this.#accepted !== undefined;
  }

  matches(presented: string): boolean {
    return this.#accepted?.matches(presented) ?? false;
  }

  /** Resolves after the first attempt, loaded or not; retries and refreshes go on on their own timer. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.#cycle();
  }

  /** Cancels the next attempt and the call under way (not counted as a failure). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#stopping.abort(this.#stopReason);
  }

  /** One attempt now, or the one already under way; nothing once stopped. */
  async refresh(): Promise<void> {
    await this.#attempt();
  }

  async #cycle(): Promise<void> {
    const nextInMs = await this.#attempt();
    if (this.#stopping.signal.aborted) return;
    this.#timer = setTimeout(() => void this.#cycle(), nextInMs);
    // The timer alone must never keep a draining process alive.
    this.#timer.unref();
  }

  /** Resolves with the wait before the next attempt: the refresh period, or a backoff after a failure. */
  #attempt(): Promise<number> {
    this.#inFlight ??= this.#load().finally(() => (this.#inFlight = undefined));
    return this.#inFlight;
  }

  async #load(): Promise<number> {
    try {
      const current = await this.#fetch("AWSCURRENT");
      if (current === undefined) throw new Error("the AWSCURRENT version has no SecretString");
      const previous = await this.#fetchPrevious();
      const firstLoad = !this.isLoaded();
      this.#accepted = new AcceptedSecrets(previous ? [current, previous] : [current]);
      if (firstLoad || this.#failures > 0) this.#options.logger.info({ event: "secret_loaded", failedAttempts: this.#failures }, "gateway secret loaded");
      this.#failures = 0;
      return this.#options.refreshMs;
    } catch (error) {
      // Stopping aborts the call under way: that is no failure of Secrets Manager.
      if (this.#stopping.signal.aborted) return 0;
      this.#failures++;
      const retryInMs = retryDelayMs(this.#failures, this.#options.retry ?? DEFAULT_RETRY_BACKOFF);
      this.#options.onRefreshFailed?.();
      this.#options.logger.error(
        { event: "secret_refresh_failed", ...describeFailure(error), attempt: this.#failures, retryInMs, keptLastGood: this.isLoaded() },
        "gateway secret refresh failed",
      );
      return retryInMs;
    }
  }

  async #fetch(stage: "AWSCURRENT" | "AWSPREVIOUS"): Promise<string | undefined> {
    const command = new GetSecretValueCommand({ SecretId: this.#options.secretId, VersionStage: stage });
    const answer = await withDeadline((abortSignal) => this.#options.client.send(command, { abortSignal }), {
      timeoutMs: this.#options.callTimeoutMs ?? 5_000,
      cancel: this.#stopping.signal,
    });
    // Whatever the endpoint sent, only a non-empty string is a secret.
    return typeof answer.SecretString === "string" && answer.SecretString.length > 0 ? answer.SecretString : undefined;
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
