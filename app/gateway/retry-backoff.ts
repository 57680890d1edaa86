export type RetryBackoff = {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** Longest delay between two attempts, however many have failed. */
  readonly maxMs: number;
  /** Source of jitter in [0, 1); injectable so tests can pin it. */
  readonly random?: () => number;
};

/** From a few hundred milliseconds, doubling, to a few seconds: ready again soon after Secrets Manager is. */
export const DEFAULT_RETRY_BACKOFF: RetryBackoff = { initialMs: 300, maxMs: 5_000 };

/**
 * The wait after `failures` consecutive failed attempts: doubling from `initialMs`, capped at `maxMs`,
 * then "equal jitter" (between half and all of it). Tasks started together spread their retries
 * instead of calling in step, and no retry ever follows a failure at once.
 */
export function retryDelayMs(failures: number, { initialMs, maxMs, random = Math.random }: RetryBackoff): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(Math.max(failures, 1) - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
