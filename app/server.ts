import type { AddressInfo } from "node:net";
import packageJson from "../package.json" with { type: "json" };
import { createApp } from "./app.js";
import { ConfigError, parseConfig } from "./config.js";
import { createSecretSource } from "./gateway/create-secret-source.js";
import { installGracefulShutdown } from "./graceful-shutdown.js";
import { createAdmissionControl } from "./lib/load-shedding/admission-control.js";
import { discardLimitsOf } from "./lib/body/discard-body.js";
import { DrainState } from "./lib/http/drain-state.js";
import { createLogger } from "./lib/observability/logger.js";
import { Metrics } from "./lib/observability/metrics.js";
import { serveNode } from "./lib/http/serve-node.js";
import { createMetricsServer } from "./metrics-server.js";

/** Above the load balancer's 60 s idle timeout, so it never reuses a socket this side just closed. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/**
 * How often Node looks for requests past their timeout (its default, 30 s, would let a 10 s
 * timeout run to 40 s). A walk over the open connections once a second costs next to nothing.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

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
const admission = createAdmissionControl({
  maxInFlight: config.maxRequestsInFlight,
  maxTurnMs: config.maxEventLoopTurnMs,
  discard: discardLimitsOf(config),
  logger,
  metrics,
});
metrics.watchAdmission(admission);
// The whole request, headers and body, has one budget: a client trickling either is cut with a 408
// (Node's default is 300 s). Idle keep-alive connections are not requests and live 65 s.
const requestTimeoutMs = config.requestTimeoutSeconds * 1000;
const serverOptions = { requestTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs, connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS };
const server = serveNode(
  {
    fetch: app.fetch,
    hostname: config.host,
    port: config.port,
    // As many as the task may hold open, so a burst of new connections (the load balancer opening
    // more under a spike) waits for a busy loop instead of being dropped.
    backlog: config.maxConnections,
    serverOptions,
    // The adapter's listener, behind admission control: a shed request never reaches the app.
    guard: admission.guard,
  },
  (info: AddressInfo) => {
    logger.info({ address: info.address, port: info.port }, "listening");
  },
);
server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
// Past this many open sockets Node closes new ones at once: a bound on file descriptors and
// per-socket memory against a flood of connections, far above what the load balancer holds open
// to one task, so a health check's connection is never the one refused.
server.maxConnections = config.maxConnections;

const metricsServer = createMetricsServer(metrics.registry);
metricsServer.listen(config.metricsPort, config.host, () => {
  logger.info({ port: (metricsServer.address() as AddressInfo).port }, "metrics listening");
});

installGracefulShutdown({ server, metricsServer, drainState, secretSource, logger, timeoutMs: config.shutdownTimeoutMs });
void secretSource.start();
