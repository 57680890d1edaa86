import type { Server } from "node:http";
import type { Logger } from "pino";
import type { SecretSource } from "./gateway/secret-source.js";
import type { DrainState } from "./lib/drain-state.js";

export type GracefulShutdownOptions = {
  readonly server: Server;
  readonly metricsServer: Server;
  readonly drainState: DrainState;
  readonly secretSource: SecretSource;
  readonly logger: Logger;
  /** Drain budget after a signal; past it the process exits 1 regardless. */
  readonly timeoutMs: number;
};

/**
 * SIGTERM/SIGINT: /ready turns 503, the listener stops accepting, in-flight requests finish (their
 * answers carry `Connection: close`), then the process exits 0. A hard-exit timer is the backstop.
 * An unhandled rejection or exception is logged at error level and drains with exit code 1.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): void {
  const { server, metricsServer, drainState, secretSource, logger, timeoutMs } = options;
  const exit = (code: number) => logger.flush(() => process.exit(code));

  const shutdown = (reason: string, exitCode: number) => {
    if (drainState.isDraining) return;
    drainState.begin();
    logger.info({ reason, timeoutMs }, "draining: no new connections, finishing requests in flight");
    const backstop = setTimeout(() => {
      logger.error({ reason, timeoutMs }, "drain budget exceeded; closing remaining connections");
      server.closeAllConnections();
      exit(1);
    }, timeoutMs);
    backstop.unref();
    secretSource.stop();
    metricsServer.close();
    server.close(() => {
      clearTimeout(backstop);
      logger.info({ reason }, "drained; exiting");
      exit(exitCode);
    });
    server.closeIdleConnections();
  };

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
