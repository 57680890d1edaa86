import pino, { type Logger, type LevelWithSilent } from "pino";

export type { Logger };

/**
 * JSON logs on stdout with numeric levels (30 info, 40 warn, 50 error), as the log metric filters expect.
 * Written from the main thread through an asynchronous sonic-boom stream (each line goes out as soon
 * as the previous write finished; none waits for a buffer to fill): no worker transport, so the
 * bundle needs nothing beside it. Call `logger.flush()` before exiting.
 */
export function createLogger(level: LevelWithSilent): Logger {
  return pino(
    {
      level,
      base: { service: "sum-service" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ dest: 1, sync: false }),
  );
}

/** A logger that writes nothing: the default for apps built in tests. */
export function createSilentLogger(): Logger {
  return pino({ level: "silent" });
}
