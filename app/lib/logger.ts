import pino, { type Logger, type LevelWithSilent } from "pino";

export type { Logger };

/** The longest a log line waits in the buffer before it is written. */
const FLUSH_INTERVAL_MS = 1_000;

/**
 * JSON logs on stdout with numeric levels (30 info, 40 warn, 50 error), as the log metric filters
 * expect. Lines are written from the main thread (no worker transport, so the bundle needs nothing
 * beside it) through a buffered asynchronous stream: one write per 4 KiB or per second instead of
 * one per request line, which was a large share of per-request CPU. The shutdown path flushes.
 */
export function createLogger(level: LevelWithSilent): Logger {
  const logger = pino(
    {
      level,
      base: { service: "sum-service" },
      // Epoch milliseconds (pino's default): formatting an ISO date per line costs more.
    },
    pino.destination({ dest: 1, sync: false, minLength: 4096 }),
  );
  setInterval(() => logger.flush(), FLUSH_INTERVAL_MS).unref();
  return logger;
}

/** A logger that writes nothing: the default for apps built in tests. */
export function createSilentLogger(): Logger {
  return pino({ level: "silent" });
}
