import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSecretSource } from "../../app/gateway/create-secret-source.js";
import { DEFAULT_RETRY_BACKOFF } from "../../app/gateway/retry-backoff.js";
import type { SecretsManagerSecretSource } from "../../app/gateway/secrets-manager-secret-source.js";
import { Metrics } from "../../app/lib/observability/metrics.js";
import { parseConfig } from "../../app/config.js";
import { memoryLogger, postSum, testApp } from "./support/app-fixture.js";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gateway-AbCdEf";
const sm = mockClient(SecretsManagerClient);
const stage = (name: string) => ({ SecretId: ARN, VersionStage: name });
const notFound = () => new ResourceNotFoundException({ message: "no such version", $metadata: {} });
// The longest wait the backoff allows for a given failure count: jitter pinned to its top.
const slowestRetry = { ...DEFAULT_RETRY_BACKOFF, random: () => 0.999_999 };
const started: SecretsManagerSecretSource[] = [];

function source(refreshMs = 60_000) {
  const { logger, lines } = memoryLogger();
  const metrics = new Metrics();
  const client = new SecretsManagerClient({ region: "eu-west-1" });
  const config = parseConfig({ GATEWAY_SECRET_ARN: ARN, SECRET_REFRESH_SECONDS: String(refreshMs / 1000) });
  const secrets = createSecretSource(config, { logger, metrics, client, retry: slowestRetry }) as SecretsManagerSecretSource;
  started.push(secrets);
  const failures = () => lines().filter((line) => line.event === "secret_refresh_failed");
  const failureCount = async () => (await metrics.secretRefreshFailures.get()).values[0]?.value ?? 0;
  return { secrets, lines, failures, failureCount, logger };
}

/** Secrets Manager answering with `current` and no previous version. */
function answerWith(current: string) {
  sm.reset();
  sm.on(GetSecretValueCommand, stage("AWSCURRENT")).resolves({ SecretString: current });
  sm.on(GetSecretValueCommand, stage("AWSPREVIOUS")).rejects(notFound());
}

/** A source that loaded one never-rotated value; it keeps refreshing until the test ends. */
async function loadedWith(current: string, refreshMs?: number) {
  answerWith(current);
  const loaded = source(refreshMs);
  await loaded.secrets.start();
  return loaded;
}

describe("Secrets Manager gateway secret", () => {
  beforeEach(() => sm.reset());
  afterEach(() => {
    for (const secrets of started.splice(0)) secrets.stop();
    vi.useRealTimers();
  });

  it("accepts the current and the previous version, nothing else", async () => {
    sm.on(GetSecretValueCommand, stage("AWSCURRENT")).resolves({ SecretString: "new-value" });
    sm.on(GetSecretValueCommand, stage("AWSPREVIOUS")).resolves({ SecretString: "old-value" });
    const { secrets } = source();
    await secrets.start();
    expect([secrets.matches("new-value"), secrets.matches("old-value"), secrets.matches("other")]).toEqual([true, true, false]);
  });

  it("works for a secret that was never rotated (no previous version)", async () => {
    const { secrets, failures } = await loadedWith("only-value");
    expect(secrets.matches("only-value")).toBe(true);
    expect(failures()).toEqual([]);
  });

  it("picks up a rotation on the next refresh, still accepting the value Kong may hold", async () => {
    vi.useFakeTimers();
    const { secrets } = await loadedWith("v1", 300_000);
    sm.on(GetSecretValueCommand, stage("AWSCURRENT")).resolves({ SecretString: "v2" });
    sm.on(GetSecretValueCommand, stage("AWSPREVIOUS")).resolves({ SecretString: "v1" });
    await vi.advanceTimersByTimeAsync(300_000);
    expect([secrets.matches("v1"), secrets.matches("v2")]).toEqual([true, true]);
  });

  it("is ready within one backoff when the first call fails and the next succeeds", async () => {
    vi.useFakeTimers();
    sm.on(GetSecretValueCommand, stage("AWSCURRENT")).rejectsOnce(new Error("socket hang up")).resolves({ SecretString: "v1" });
    sm.on(GetSecretValueCommand, stage("AWSPREVIOUS")).rejects(notFound());
    const { secrets, lines } = source();
    await secrets.start();
    expect(secrets.isLoaded()).toBe(false);
    await vi.advanceTimersByTimeAsync(DEFAULT_RETRY_BACKOFF.initialMs);
    expect(secrets.matches("v1")).toBe(true);
    expect(lines().find((line) => line.event === "secret_loaded")).toMatchObject({ level: 30, failedAttempts: 1 });
  });

  it("retries the first load with doubling waits capped at a few seconds, logging and counting each failure", async () => {
    vi.useFakeTimers();
    sm.on(GetSecretValueCommand).rejects(Object.assign(new Error("connect ETIMEDOUT"), { name: "TimeoutError" }));
    const { secrets, failures, failureCount } = source();
    await secrets.start();
    await vi.advanceTimersByTimeAsync(30_000);
    const waits = failures().map((line) => line.retryInMs as number);
    expect(waits.slice(0, 6)).toEqual([300, 600, 1200, 2400, 4800, 5000]);
    expect(Math.max(...waits)).toBe(DEFAULT_RETRY_BACKOFF.maxMs);
    expect(failures()[0]).toMatchObject({ level: 50, errorName: "TimeoutError", errorMessage: "connect ETIMEDOUT", attempt: 1, keptLastGood: false });
    secrets.stop();
    expect(await failureCount()).toBe(failures().length);
    answerWith("late");
    await vi.advanceTimersByTimeAsync(30_000);
    expect(secrets.isLoaded()).toBe(false); // stopped: nothing more is attempted
  });

  it("keeps the last good value while refreshes fail, retries sooner than the refresh period, then recovers", async () => {
    vi.useFakeTimers();
    const { secrets, failures, failureCount } = await loadedWith("good", 300_000);
    sm.reset();
    sm.on(GetSecretValueCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    await vi.advanceTimersByTimeAsync(300_000 + 10_000);
    expect(secrets.matches("good")).toBe(true);
    expect(failures().length).toBeGreaterThan(1);
    expect(failures()[0]).toMatchObject({ level: 50, errorName: "ThrottlingException", keptLastGood: true });
    expect(await failureCount()).toBe(failures().length);
    answerWith("rotated");
    await vi.advanceTimersByTimeAsync(DEFAULT_RETRY_BACKOFF.maxMs);
    expect([secrets.matches("rotated"), secrets.matches("good")]).toEqual([true, false]);
  });

  it("treats a rotated value over the size limit as a failed refresh, keeping the last good one", async () => {
    const { secrets, failures } = await loadedWith("good");
    sm.on(GetSecretValueCommand, stage("AWSCURRENT")).resolves({ SecretString: "x".repeat(300) });
    await secrets.refresh();
    expect(secrets.matches("good")).toBe(true);
    expect(failures()).toEqual([expect.objectContaining({ errorMessage: "a gateway secret is longer than 256 bytes", keptLastGood: true })]);
  });

  it("never logs a secret value, even one that failed to load", async () => {
    const { secrets, lines } = await loadedWith("good-value-1");
    sm.on(GetSecretValueCommand, stage("AWSCURRENT")).resolves({ SecretString: `too-long-${"y".repeat(300)}` });
    await secrets.refresh();
    expect(JSON.stringify(lines())).not.toMatch(/good-value-1|too-long|yyyy/);
  });

  it("runs one attempt at a time: a refresh asked for during another joins it", async () => {
    let release = () => {};
    sm.on(GetSecretValueCommand, stage("AWSCURRENT")).callsFake(() => new Promise((resolve) => (release = () => resolve({ SecretString: "v1" }))));
    sm.on(GetSecretValueCommand, stage("AWSPREVIOUS")).rejects(notFound());
    const { secrets } = source();
    const attempts = [secrets.start(), secrets.refresh(), secrets.refresh()];
    await vi.waitFor(() => expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1));
    release();
    await Promise.all(attempts);
    expect(sm.commandCalls(GetSecretValueCommand, stage("AWSCURRENT"))).toHaveLength(1);
    expect(secrets.matches("v1")).toBe(true);
  });

  it("gives up on a call that never settles at its deadline, even where the SDK would not", async () => {
    vi.useFakeTimers();
    sm.on(GetSecretValueCommand).callsFake(() => new Promise(() => {}));
    const { secrets, failures } = source();
    void secrets.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(failures()[0]).toMatchObject({ errorName: "TimeoutError", errorMessage: "no answer within 5000 ms", attempt: 1 });
  });

  it("until a first value loads, refuses requests and is not ready, while alive", async () => {
    sm.on(GetSecretValueCommand).rejects(new Error("AccessDeniedException"));
    const { secrets, logger } = source();
    await secrets.start();
    const app = testApp({ GATEWAY_SECRET_ARN: ARN }, { secretSource: secrets, logger });
    expect((await app.request("/ready")).status).toBe(503);
    expect((await app.request("/health")).status).toBe(200);
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
