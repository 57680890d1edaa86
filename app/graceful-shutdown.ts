import type { Server } from "node:http";
import type { Logger } from "pino";
import type { SecretSource } from "./gateway/secret-source.js";
import type { DrainState } from "./lib/http/drain-state.js";

export type GracefulShutdownOptions = {
  readonly server: Server;
  readonly metricsServer: Server;
  readonly drainState: DrainState;
  readonly secretSource: SecretSource;
  readonly logger: Logger;
  /** Drain budget after a signal; past it the process exits 1 regardless. */
  readonly timeoutMs: number;
  /** Ends the process. @default flushes the logger, then `process.exit` */
  readonly exit?: (code: number) => void;
};

/**
 * The drain: /ready turns 503, the secret source stops, the listener stops accepting, in-flight
 * requests finish (their answers carry `Connection: close`), then `exit(exitCode)`. Past the
 * budget the remaining connections are cut and it exits 1 instead. Exactly one of the two ends
 * it, and only that one is logged. A second call while draining does nothing.
 *
 * @example
 * const shutdown = createShutdown({ server, metricsServer, drainState, secretSource, logger, timeoutMs: 10_000 });
 * process.once("SIGTERM", () => shutdown("SIGTERM", 0));
 */
export function createShutdown(options: GracefulShutdownOptions): (reason: string, exitCode: number) => void {
  const { server, metricsServer, drainState, secretSource, logger, timeoutMs } = options;
  const exit = options.exit ?? ((code: number) => logger.flush(() => process.exit(code)));

  return (reason, exitCode) => {
    if (drainState.isDraining) return;
    drainState.begin();
    logger.info({ reason, timeoutMs }, "draining: no new connections, finishing requests in flight");
    let ended = false;
    const end = (code: number, log: () => void) => {
      if (ended) return;
      ended = true;
      clearTimeout(backstop);
      log();
      exit(code);
    };
    const backstop = setTimeout(() => {
      end(1, () => logger.error({ reason, timeoutMs }, "drain budget exceeded; closing remaining connections"));
      // Cutting them lets server.close() call back; `ended` keeps that from logging "drained".
      server.closeAllConnections();
    }, timeoutMs);
    backstop.unref();
    secretSource.stop();
    metricsServer.close();
    server.close(() => end(exitCode, () => logger.info({ reason }, "drained; exiting")));
    server.closeIdleConnections();
  };
}

/**
 * SIGTERM/SIGINT drain with exit code 0. An unhandled rejection or exception is logged at error
 * level and drains with exit code 1.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): void {
  const { logger } = options;
  const shutdown = createShutdown(options);
  process.once("SIGTERM", () => shutdown("SIGTERM", 0));
  process.once("SIGINT", () => shutdown("SIGINT", 0));
  process.on("unhandledRejection", (error) => {
    logger.error({ err: error }, "unhandled promise rejection");
    shutdown("unhandledRejection", 1);
  });
  process.on("uncaughtException", (error) => {
    logger.fatal({ err: error }, "uncaught exception");
    shutdown("uncaughtException", 1);
  });
}
