import { Duration } from "aws-cdk-lib";

/**
 * Facts about the service image that the infrastructure must agree with
 * (see app/config.ts and app/server.ts). Change them together.
 */
export const serviceContract = {
  /** ECR repository the deploy-access stack creates and CI pushes to. */
  repositoryName: "sum-service",
  containerPort: 8080,
  /** METRICS_PORT: Prometheus `GET /metrics`, scraped over localhost by the collector, never mapped. */
  metricsPort: 9464,
  healthCheckPath: "/health",
  /** Node's keep-alive timeout; the ALB must close idle connections before the service does. */
  keepAliveTimeout: Duration.seconds(65),
  /** SHUTDOWN_TIMEOUT_MS: how long the service drains in-flight requests after SIGTERM. */
  drainBudget: Duration.seconds(10),
  /** Non-root uid of the `node` user in the image. */
  user: "1000",
  healthCheckCommand: ["CMD", "node", "dist/healthcheck.js"],
} as const;
