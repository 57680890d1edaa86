import { z } from "zod";
import { MAX_SECRET_BYTES } from "./gateway/accepted-secrets.js";

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

/** One schema over the environment: every variable the service reads, with its default. */
const EnvSchema = z.object({
  PORT: port(8080),
  HOST: z.string().min(1).default("0.0.0.0"),
  METRICS_PORT: port(9464),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  MAX_NUMBERS: positiveInt(10_000),
  BODY_LIMIT_BYTES: positiveInt(1_048_576),
  BODY_BUDGET_BYTES: positiveInt(67_108_864),
  BODY_DISCARD_LIMIT_BYTES: positiveInt(33_554_432),
  BODY_DISCARD_TIMEOUT_MS: positiveInt(5_000),
  GATEWAY_SECRET: optionalText.pipe(
    z
      .string()
      .refine((value) => Buffer.byteLength(value) <= MAX_SECRET_BYTES, `must be at most ${MAX_SECRET_BYTES} bytes`)
      .optional(),
  ),
  GATEWAY_SECRET_ARN: optionalText.pipe(z.string().startsWith("arn:", "must be a Secrets Manager ARN").optional()),
  GATEWAY_SECRET_HEADER: z
    .string()
    .regex(/^[a-z0-9-]+$/i, "must be a valid header name")
    .default("x-gateway-secret")
    .transform((name) => name.toLowerCase()),
  SECRET_REFRESH_SECONDS: positiveInt(300),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  REQUEST_TIMEOUT_SECONDS: positiveInt(10),
  MAX_REQUESTS_IN_FLIGHT: positiveInt(128),
  MAX_EVENT_LOOP_TURN_MS: z.coerce.number().positive().max(1_000).default(5),
  MAX_CONNECTIONS: positiveInt(4_096),
  AWS_REGION: optionalText,
});

export type Config = {
  readonly port: number;
  readonly host: string;
  readonly metricsPort: number;
  readonly logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  readonly nodeEnv: z.infer<typeof EnvSchema>["NODE_ENV"];
  readonly maxNumbers: number;
  readonly bodyLimitBytes: number;
  /** Request-body bytes all requests may hold at once; past it a body is refused with 503. */
  readonly bodyBudgetBytes: number;
  /** How much of a refused body is read and dropped so the refusal arrives (lingering close). */
  readonly bodyDiscardLimitBytes: number;
  readonly bodyDiscardTimeoutMs: number;
  readonly gatewaySecret?: string;
  readonly gatewaySecretArn?: string;
  readonly gatewaySecretHeader: string;
  readonly secretRefreshSeconds: number;
  readonly shutdownTimeoutMs: number;
  /** A request (headers and body) not received in full within this many seconds is cut with a 408. */
  readonly requestTimeoutSeconds: number;
  /** Admission control: requests admitted and unanswered past which new ones are shed. */
  readonly maxRequestsInFlight: number;
  /** Admission control: time one event-loop turn may spend on requests before shedding the rest. */
  readonly maxEventLoopTurnMs: number;
  /** Open connections past which new ones are closed at once (server.maxConnections). */
  readonly maxConnections: number;
  readonly awsRegion?: string;
};

/** Thrown by {@link parseConfig}; the message names every bad variable on one line. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Parses the service configuration from an environment-like record.
 * Throws a {@link ConfigError} naming the bad variable (its value is never echoed: it may be a secret).
 *
 * @example
 * const config = parseConfig(process.env);
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${reasons.join("; ")}`);
  }
  const e = parsed.data;
  if (e.BODY_BUDGET_BYTES < e.BODY_LIMIT_BYTES) {
    throw new ConfigError("invalid configuration: BODY_BUDGET_BYTES: must be at least BODY_LIMIT_BYTES");
  }
  if (e.NODE_ENV === "production" && !e.GATEWAY_SECRET && !e.GATEWAY_SECRET_ARN) {
    throw new ConfigError(
      "invalid configuration: GATEWAY_SECRET_ARN (or GATEWAY_SECRET) is required when NODE_ENV=production",
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    metricsPort: e.METRICS_PORT,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    maxNumbers: e.MAX_NUMBERS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    bodyBudgetBytes: e.BODY_BUDGET_BYTES,
    bodyDiscardLimitBytes: e.BODY_DISCARD_LIMIT_BYTES,
    bodyDiscardTimeoutMs: e.BODY_DISCARD_TIMEOUT_MS,
    gatewaySecret: e.GATEWAY_SECRET,
    gatewaySecretArn: e.GATEWAY_SECRET_ARN,
    gatewaySecretHeader: e.GATEWAY_SECRET_HEADER,
    secretRefreshSeconds: e.SECRET_REFRESH_SECONDS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    requestTimeoutSeconds: e.REQUEST_TIMEOUT_SECONDS,
    maxRequestsInFlight: e.MAX_REQUESTS_IN_FLIGHT,
    maxEventLoopTurnMs: e.MAX_EVENT_LOOP_TURN_MS,
    maxConnections: e.MAX_CONNECTIONS,
    awsRegion: e.AWS_REGION,
  };
}
