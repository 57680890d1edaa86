/** Where the gateway secret comes from, and the check of a presented header value against it. */
export interface SecretSource {
  /** "open" only when no secret is configured at all (local use); every request is then let through. */
  readonly mode: "open" | "enforced";
  /** True once accepted values are known; until then an enforced source rejects everything. */
  isLoaded(): boolean;
  /** Constant-time check of a presented value against the current and previous secret. */
  matches(presented: string): boolean;
  /** Loads the first value and starts refreshing; resolves even if the first load failed. */
  start(): Promise<void>;
  /** Stops the refresh timer. */
  stop(): void;
}
