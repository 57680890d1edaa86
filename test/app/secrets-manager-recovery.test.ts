import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSecretsManagerClient } from "../../app/gateway/create-secret-source.js";
import { SecretsManagerSecretSource } from "../../app/gateway/secrets-manager-secret-source.js";
import { DrainState } from "../../app/lib/http/drain-state.js";
import { Metrics } from "../../app/lib/observability/metrics.js";
import { memoryLogger, testApp } from "./support/app-fixture.js";
import { startSecretsManagerStub, type StubBehaviour } from "./support/secrets-manager-stub.js";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gateway-AbCdEf";
const cleanups: (() => unknown)[] = [];

/** The real SDK client against a local stub that starts out behaving as told. */
async function againstStub(behaviour: StubBehaviour, { requestMs = 3_000 } = {}) {
  const stub = await startSecretsManagerStub({ AWSCURRENT: "gw-current-2", AWSPREVIOUS: "gw-previous-1" }, behaviour);
  const { logger, lines } = memoryLogger();
  const metrics = new Metrics();
  const secrets = new SecretsManagerSecretSource({
    client: createSecretsManagerClient({ region: "eu-west-1", endpoint: stub.url, requestMs }),
    secretId: ARN,
    refreshMs: 60_000,
    logger,
    retry: { initialMs: 20, maxMs: 100 },
    onRefreshFailed: () => metrics.secretRefreshFailures.inc(),
  });
  cleanups.push(() => secrets.stop(), () => stub.close());
  const failures = () => lines().filter((line) => line.event === "secret_refresh_failed");
  const failureCount = async () => (await metrics.secretRefreshFailures.get()).values[0]?.value ?? 0;
  return { stub, secrets, lines, failures, failureCount, logger };
}

describe("the gateway secret from a Secrets Manager that fails", () => {
  beforeEach(() => {
    // Credentials from the environment, so the SDK looks nowhere else.
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLESTUB");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "stub-secret-access-key");
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    vi.unstubAllEnvs();
  });

  it("gives up on a hanging endpoint, one call open at a time, logs and counts it, and is ready soon after it answers", async () => {
    const { stub, secrets, failures, failureCount, logger } = await againstStub({ kind: "hang" }, { requestMs: 300 });
    const drainState = new DrainState();
    const app = testApp({ GATEWAY_SECRET_ARN: ARN }, { secretSource: secrets, logger, drainState });
    void secrets.start();
    await vi.waitFor(() => expect(failures().length).toBeGreaterThanOrEqual(3), { timeout: 15_000, interval: 50 });
    expect(stub.openCalls().most).toBe(1);
    // The client's own request timeout cut them (not the source's later deadline), and nothing had loaded.
    expect(failures().map((line) => [line.errorName, line.keptLastGood])).toContainEqual(["TimeoutError", false]);
    expect(failures().some((line) => String(line.errorMessage).includes("300 ms requestTimeout"))).toBe(true);
    expect(await failureCount()).toBeGreaterThanOrEqual(3);
    expect((await app.request("/ready")).status).toBe(503);
    expect((await app.request("/health")).status).toBe(200);

    stub.behave({ kind: "answer" });
    await vi.waitFor(() => expect(secrets.isLoaded()).toBe(true), { timeout: 15_000, interval: 20 });
    expect((await app.request("/ready")).status).toBe(200);
    expect([secrets.matches("gw-current-2"), secrets.matches("gw-previous-1"), secrets.matches("gw-current-")]).toEqual([true, true, false]);
    // Loaded but shutting down: not ready, still alive.
    drainState.begin();
    expect((await app.request("/ready")).status).toBe(503);
    expect((await app.request("/health")).status).toBe(200);
    secrets.stop();
    expect(await failureCount()).toBe(failures().length);
    expect(stub.openCalls().most).toBe(1);
  });

  it.each<[string, StubBehaviour]>([
    ["an error message", { kind: "fail", status: 500, body: JSON.stringify({ __type: "InternalServiceError", message: "LEAKED-BODY-TEXT" }) }],
    ["an error code", { kind: "fail", status: 400, body: JSON.stringify({ __type: "LEAKED-BODY-TEXT", Message: "LEAKED-BODY-TEXT" }) }],
    ["an HTML page", { kind: "fail", status: 502, body: "<html>LEAKED-BODY-TEXT</html>", contentType: "text/html" }],
    ["a body that is not JSON", { kind: "fail", status: 200, body: "LEAKED-BODY-TEXT" }],
  ])("never writes what the endpoint sent into the log: %s", async (_, behaviour) => {
    const { secrets, lines, failures } = await againstStub(behaviour);
    await secrets.start();
    const failure = failures()[0];
    expect(failure).toMatchObject({ errorName: expect.stringMatching(/^[A-Z]\w+$/), errorMessage: expect.stringMatching(/^Secrets Manager answered HTTP \d{3}$/) });
    expect(failure?.httpStatusCode).toBe((behaviour as { status: number }).status);
    expect(JSON.stringify(lines())).not.toMatch(/LEAKED|BODY-TEXT/);
  });

  it("stopping cancels the call under way, quietly, and attempts nothing more", async () => {
    const { stub, secrets, failures } = await againstStub({ kind: "hang" }, { requestMs: 30_000 });
    const started = secrets.start();
    await vi.waitFor(() => expect(stub.openCalls().now).toBe(1), { timeout: 10_000, interval: 20 });
    const stoppedAt = Date.now();
    secrets.stop();
    await started;
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    await vi.waitFor(() => expect(stub.openCalls().now).toBe(0), { timeout: 10_000, interval: 20 });
    const calls = stub.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stub.calls.length).toBe(calls);
    expect(failures()).toEqual([]);
  });
});
