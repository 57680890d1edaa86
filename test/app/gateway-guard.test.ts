import { describe, expect, it } from "vitest";
import { Metrics } from "../../app/lib/observability/metrics.js";
import { memoryLogger, postSum, testApp } from "./support/app-fixture.js";

const SECRET = "test-gateway-secret-value";
const body = JSON.stringify({ numbers: [1, 2] });

function guardedApp(env: Record<string, string> = {}) {
  const { logger, lines } = memoryLogger();
  const metrics = new Metrics();
  const app = testApp({ GATEWAY_SECRET: SECRET, ...env }, { logger, metrics });
  return { app, lines, metrics };
}

describe("gateway trust", () => {
  it("serves a request that carries the secret", async () => {
    const { app } = guardedApp();
    const res = await postSum(app, body, { "content-type": "application/json", "x-gateway-secret": SECRET });
    expect(res.status).toBe(200);
  });

  it.each([
    { name: "missing", headers: {} as Record<string, string>, reason: "missing" },
    { name: "wrong", headers: { "x-gateway-secret": `${SECRET}x` }, reason: "mismatch" },
    { name: "a prefix of it", headers: { "x-gateway-secret": SECRET.slice(0, 5) }, reason: "mismatch" },
  ])("refuses a $name secret with a 403 problem, a warn log line and a metric", async ({ headers, reason }) => {
    const { app, lines, metrics } = guardedApp();
    const res = await postSum(app, body, { "content-type": "application/json", "x-request-id": "req-1", ...headers });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 403, type: "urn:sum-platform:problem:gateway-rejected" });
    const rejected = lines().filter((line) => line.event === "gateway_rejected");
    expect(rejected).toEqual([expect.objectContaining({ level: 40, requestId: "req-1", route: "/sum", reason })]);
    expect(JSON.stringify(lines())).not.toContain(SECRET);
    expect(await metrics.registry.getSingleMetricAsString("gateway_rejections_total")).toMatch(/gateway_rejections_total 1$/m);
  });

  it("guards unknown paths and the documents too, but not the probes", async () => {
    const { app } = guardedApp();
    expect((await app.request("/nope")).status).toBe(403);
    expect((await app.request("/openapi.json")).status).toBe(403);
    expect((await app.request("/health")).status).toBe(200);
    expect((await app.request("/ready")).status).toBe(200);
  });

  it("reads the header name from GATEWAY_SECRET_HEADER", async () => {
    const { app } = guardedApp({ GATEWAY_SECRET_HEADER: "X-Edge-Token" });
    const res = await postSum(app, body, { "content-type": "application/json", "x-edge-token": SECRET });
    expect(res.status).toBe(200);
  });

  it("trusts X-Consumer-Username only on requests that passed the check", async () => {
    const { app, lines } = guardedApp();
    await postSum(app, body, { "content-type": "application/json", "x-gateway-secret": SECRET, "x-consumer-username": "acme" });
    await postSum(app, body, { "content-type": "application/json", "x-consumer-username": "mallory" });
    const consumers = lines()
      .filter((line) => line.event === "request")
      .map((line) => line.consumer);
    expect(consumers).toEqual(["acme", undefined]);
  });

  it("runs open, trusting no identity, when no secret source is configured", async () => {
    const { logger, lines } = memoryLogger();
    const app = testApp({}, { logger });
    const res = await postSum(app, body, { "content-type": "application/json", "x-consumer-username": "acme" });
    expect(res.status).toBe(200);
    expect(lines().find((line) => line.event === "request")?.consumer).toBeUndefined();
  });
});
