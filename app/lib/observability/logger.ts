import pino, { type Logger, type LevelWithSilent } from "pino";
import { BatchedStdout } from "./batched-stdout.js";

export type { Logger };

/**
 * JSON logs on stdout with numeric levels (30 info, 40 warn, 50 error) and epoch-millisecond
 * `time`, as the log metric filters expect. Written from the main thread (no worker transport,
 * so the bundle needs nothing beside it) in one write per event-loop turn. The shutdown path
 * calls `logger.flush()`.
 */
export function createLogger(level: LevelWithSilent, destination = new BatchedStdout()): Logger {
  return pino({ level, base: { service: "sum-service" } }, destination);
}

/** A logger that writes nothing: the default for apps built in tests. */
export function createSilentLogger(): Logger {
  return pino({ level: "silent" });
}
