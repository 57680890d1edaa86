import { describe, expect, it } from "vitest";
import { parseConfig } from "../../app/config.js";

describe("parseConfig", () => {
  it("has safe local defaults", () => {
    expect(parseConfig({})).toEqual({
      port: 8080,
      host: "0.0.0.0",
      metricsPort: 9464,
      logLevel: "info",
      nodeEnv: "development",
      maxNumbers: 10000,
      bodyLimitBytes: 1048576,
      bodyBudgetBytes: 67108864,
      bodyDiscardLimitBytes: 33554432,
      bodyDiscardTimeoutMs: 5000,
      gatewaySecret: undefined,
      gatewaySecretArn: undefined,
      gatewaySecretHeader: "x-gateway-secret",
      secretRefreshSeconds: 300,
      shutdownTimeoutMs: 10000,
      requestTimeoutSeconds: 10,
      maxRequestsInFlight: 128,
      maxEventLoopTurnMs: 5,
      maxConnections: 4096,
      awsRegion: undefined,
    });
  });

  it("reads every variable", () => {
    const config = parseConfig({
      PORT: "3000",
      HOST: "127.0.0.1",
      METRICS_PORT: "9100",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      MAX_NUMBERS: "50",
      BODY_LIMIT_BYTES: "2048",
      BODY_BUDGET_BYTES: "4096",
      BODY_DISCARD_LIMIT_BYTES: "8192",
      BODY_DISCARD_TIMEOUT_MS: "2000",
      GATEWAY_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gw",
      GATEWAY_SECRET_HEADER: "X-Edge-Token",
      SECRET_REFRESH_SECONDS: "60",
      SHUTDOWN_TIMEOUT_MS: "5000",
      REQUEST_TIMEOUT_SECONDS: "3",
      MAX_REQUESTS_IN_FLIGHT: "16",
      MAX_EVENT_LOOP_TURN_MS: "2.5",
      MAX_CONNECTIONS: "500",
      AWS_REGION: "eu-west-1",
    });
    expect(config).toMatchObject({ requestTimeoutSeconds: 3, maxRequestsInFlight: 16, maxEventLoopTurnMs: 2.5, maxConnections: 500 });
    expect(config).toMatchObject({ port: 3000, host: "127.0.0.1", metricsPort: 9100, logLevel: "warn", maxNumbers: 50, bodyLimitBytes: 2048, bodyBudgetBytes: 4096, bodyDiscardLimitBytes: 8192, bodyDiscardTimeoutMs: 2000, gatewaySecretHeader: "x-edge-token", secretRefreshSeconds: 60, shutdownTimeoutMs: 5000, awsRegion: "eu-west-1" });
  });

  it.each([
    ["PORT", { PORT: "http" }],
    ["PORT", { PORT: "70000" }],
    ["MAX_NUMBERS", { MAX_NUMBERS: "0" }],
    ["REQUEST_TIMEOUT_SECONDS", { REQUEST_TIMEOUT_SECONDS: "1.5" }],
    ["MAX_EVENT_LOOP_TURN_MS", { MAX_EVENT_LOOP_TURN_MS: "0" }],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }],
    ["GATEWAY_SECRET_ARN", { GATEWAY_SECRET_ARN: "my-secret" }],
    ["GATEWAY_SECRET_HEADER", { GATEWAY_SECRET_HEADER: "bad header" }],
    ["GATEWAY_SECRET", { GATEWAY_SECRET: "s".repeat(257) }],
    ["BODY_BUDGET_BYTES", { BODY_BUDGET_BYTES: "0" }],
    ["BODY_BUDGET_BYTES", { BODY_BUDGET_BYTES: "1000", BODY_LIMIT_BYTES: "2000" }],
    ["BODY_DISCARD_TIMEOUT_MS", { BODY_DISCARD_TIMEOUT_MS: "soon" }],
  ])("fails naming %s", (name, env) => {
    expect(() => parseConfig(env)).toThrow(new RegExp(`^invalid configuration: ${name}`));
  });

  it("refuses production without a secret source, and never echoes a value", () => {
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(/GATEWAY_SECRET_ARN/);
    expect(parseConfig({ NODE_ENV: "production", GATEWAY_SECRET: "s3cr3t" }).gatewaySecret).toBe("s3cr3t");
    expect(() => parseConfig({ GATEWAY_SECRET_ARN: "s3cr3t-value" })).toThrow(expect.objectContaining({ message: expect.not.stringContaining("s3cr3t") }));
  });
});
