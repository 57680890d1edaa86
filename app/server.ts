import type { AddressInfo } from "node:net";
import packageJson from "../package.json" with { type: "json" };
import { createApp } from "./app.js";
import { ConfigError, parseConfig } from "./config.js";
import { createSecretSource } from "./gateway/create-secret-source.js";
import { installGracefulShutdown } from "./graceful-shutdown.js";
import { DrainState } from "./lib/drain-state.js";
import { createLogger } from "./lib/logger.js";
import { Metrics } from "./lib/metrics.js";
import { serveNode } from "./lib/serve-node.js";
import { createMetricsServer } from "./metrics-server.js";

/** Above the load balancer's 60 s idle timeout, so it never reuses a socket this side just closed. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const HEADERS_TIMEOUT_MS = 66_000;

function loadConfig() {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`sum-service: refusing to start: ${error.message}`);
    process.exit(1);
  }
}

const config = loadConfig();
const logger = createLogger(config.logLevel);
const metrics = new Metrics({ defaultMetrics: true });
const drainState = new DrainState();
const secretSource = createSecretSource(config, { logger, metrics });
if (secretSource.mode === "open") {
  logger.warn("no GATEWAY_SECRET or GATEWAY_SECRET_ARN: accepting requests without the gateway secret (local use only)");
}

const app = createApp(config, { logger, metrics, secretSource, drainState, version: packageJson.version });
const server = serveNode({ fetch: app.fetch, hostname: config.host, port: config.port }, (info: AddressInfo) => {
  logger.info({ address: info.address, port: info.port }, "listening");
});
server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
server.headersTimeout = HEADERS_TIMEOUT_MS;

const metricsServer = createMetricsServer(metrics.registry);
metricsServer.listen(config.metricsPort, config.host, () => {
  logger.info({ port: (metricsServer.address() as AddressInfo).port }, "metrics listening");
});

installGracefulShutdown({ server, metricsServer, drainState, secretSource, logger, timeoutMs: config.shutdownTimeoutMs });
void secretSource.start();
