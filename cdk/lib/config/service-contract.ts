import { Duration } from "aws-cdk-lib";

/**
 * Facts about the service image that the infrastructure must agree with
 * (see app/config.ts and app/server.ts). Change them together.
 */
export const serviceContract = {
  /** ECR repository the deploy-access stack creates and CI pushes to. */
  repositoryName: "sum-service",
  /** Image tags are commit SHAs (immutable in ECR): `latest` can never exist there. */
  imageTagPattern: "^[0-9a-f]{7,40}$",
  containerPort: 8080,
  /** METRICS_PORT: Prometheus `GET /metrics`, scraped over localhost by the collector, never mapped. */
  metricsPort: 9464,
  /** Liveness: the process answers. The container health check uses it (via healthCheckCommand). */
  healthCheckPath: "/health",
  /**
   * Readiness: the gateway secret is loaded and the process is not draining. The load balancer
   * checks it, so a task that cannot read its secret never receives traffic and fails its
   * deployment instead of answering every call with 403.
   */
  readinessPath: "/ready",
  /** Header the gateway adds upstream with the shared secret (the service's GATEWAY_SECRET_HEADER default). */
  gatewaySecretHeader: "x-gateway-secret",
  /** Node's keep-alive timeout; the ALB must close idle connections before the service does. */
  keepAliveTimeout: Duration.seconds(65),
  /** SHUTDOWN_TIMEOUT_MS: how long the service drains in-flight requests after SIGTERM. */
  drainBudget: Duration.seconds(10),
  /** Non-root uid of the `node` user in the image. */
  user: "1000",
  healthCheckCommand: ["CMD", "node", "dist/healthcheck.js"],
} as const;
