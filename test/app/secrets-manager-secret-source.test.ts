import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSecretSource } from "../../app/gateway/create-secret-source.js";
import type { SecretsManagerSecretSource } from "../../app/gateway/secrets-manager-secret-source.js";
import { Metrics } from "../../app/lib/metrics.js";
import { parseConfig } from "../../app/config.js";
import { memoryLogger, postSum, testApp } from "./support/app-fixture.js";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gateway-AbCdEf";
const sm = mockClient(SecretsManagerClient);
const stage = (name: string) => ({ SecretId: ARN, VersionStage: name });
const notFound = () => new ResourceNotFoundException({ message: "no such version", $metadata: {} });

function source(refreshMs = 60_000) {
  const { logger, lines } = memoryLogger();
  const metrics = new Metrics();
  const client = new SecretsManagerClient({ region: "eu-west-1" });
  const config = parseConfig({ GATEWAY_SECRET_ARN: ARN, SECRET_REFRESH_SECONDS: String(refreshMs / 1000) });
  const secrets = createSecretSource(config, { logger, metrics, client }) as SecretsManagerSecretSource;
  return { secrets, lines, metrics, logger };
}

/** A source that loaded one never-rotated value, its refresh timer stopped. */
async function loadedWith(current: string) {
  sm.on(GetSecretValueCommand, stage("AWSCURRENT")).resolves({ SecretString: current });
  sm.on(GetSecretValueCommand, stage("AWSPREVIOUS")).rejects(notFound());
  const loaded = source();
  await loaded.secrets.start();
  loaded.secrets.stop();
  return loaded;
}

describe("Secrets Manager gateway secret", () => {
  beforeEach(() => sm.reset());
  afterEach(() => vi.useRealTimers());

  it("accepts the current and the previous version, nothing else", async () => {
    sm.on(GetSecretValueCommand, stage("AWSCURRENT")).resolves({ SecretString: "new-value" });
    sm.on(GetSecretValueCommand, stage("AWSPREVIOUS")).resolves({ SecretString: "old-value" });
    const { secrets } = source();
    await secrets.start();
    secrets.stop();
    expect([secrets.matches("new-value"), secrets.matches("old-value"), secrets.matches("other")]).toEqual([true, true, false]);
  });

  it("works for a secret that was never rotated (no previous version)", async () => {
    const { secrets, lines } = await loadedWith("only-value");
    expect(secrets.matches("only-value")).toBe(true);
    expect(lines().filter((line) => line.event === "secret_refresh_failed")).toEqual([]);
  });

  it("picks up a rotation on the next refresh, still accepting the value Kong may hold", async () => {
    vi.useFakeTimers();
    sm.on(GetSecretValueCommand, stage("AWSCURRENT")).resolves({ SecretString: "v1" });
    sm.on(GetSecretValueCommand, stage("AWSPREVIOUS")).rejects(notFound());
    const { secrets } = source(300_000);
    await secrets.start();
    sm.on(GetSecretValueCommand, stage("AWSCURRENT")).resolves({ SecretString: "v2" });
    sm.on(GetSecretValueCommand, stage("AWSPREVIOUS")).resolves({ SecretString: "v1" });
    await vi.advanceTimersByTimeAsync(300_000);
    secrets.stop();
    expect([secrets.matches("v1"), secrets.matches("v2")]).toEqual([true, true]);
  });

  it("keeps the last good value when a refresh fails, logging and counting it", async () => {
    const { secrets, lines, metrics } = await loadedWith("good");
    sm.on(GetSecretValueCommand).rejects(new Error("ThrottlingException: rate exceeded"));
    await secrets.refresh();
    expect(secrets.matches("good")).toBe(true);
    const failures = lines().filter((line) => line.event === "secret_refresh_failed");
    expect(failures).toEqual([expect.objectContaining({ level: 50, keptLastGood: true })]);
    expect(JSON.stringify(lines())).not.toContain("good\"");
    expect(await metrics.registry.getSingleMetricAsString("gateway_secret_refresh_failures_total")).toMatch(/ 1$/m);
  });

  it("treats a rotated value over the size limit as a failed refresh, keeping the last good one", async () => {
    const { secrets, lines } = await loadedWith("good");
    sm.on(GetSecretValueCommand, stage("AWSCURRENT")).resolves({ SecretString: "x".repeat(300) });
    await secrets.refresh();
    expect(secrets.matches("good")).toBe(true);
    expect(lines().filter((line) => line.event === "secret_refresh_failed")).toEqual([
      expect.objectContaining({ errorMessage: "a gateway secret is longer than 256 bytes", keptLastGood: true }),
    ]);
  });

  it("until a first value loads, refuses requests and is not ready", async () => {
    sm.on(GetSecretValueCommand).rejects(new Error("AccessDeniedException"));
    const { secrets, logger } = source();
    await secrets.start();
    secrets.stop();
    const app = testApp({ GATEWAY_SECRET_ARN: ARN }, { secretSource: secrets, logger });
    expect((await app.request("/ready")).status).toBe(503);
    const res = await postSum(app, "{}", { "content-type": "application/json", "x-gateway-secret": "anything" });
    expect(res.status).toBe(403);
  });

  it("stays closed, not open, when an ARN is configured but no source was started", async () => {
    const app = testApp({ GATEWAY_SECRET_ARN: ARN });
    const res = await postSum(app, JSON.stringify({ numbers: [1] }));
    expect(res.status).toBe(403);
    expect(sm.calls()).toHaveLength(0);
  });
});
