import { describe, expect, it } from "vitest";
import { Metrics } from "../../app/lib/observability/metrics.js";
import { RouteLabels } from "../../app/lib/observability/route-label.js";
import { memoryLogger, postSum, testApp } from "./support/app-fixture.js";

describe("access log and metrics", () => {
  it("writes one request line per request with the route pattern, never the body", async () => {
    const { logger, lines } = memoryLogger();
    const app = testApp({}, { logger });
    await postSum(app, JSON.stringify({ numbers: [424242] }), { "content-type": "application/json", "x-request-id": "abc-1" });
    await app.request("/no/such/path?token=hunter2");
    const requests = lines().filter((line) => line.event === "request");
    expect(requests).toEqual([
      expect.objectContaining({ level: 30, requestId: "abc-1", method: "POST", route: "/sum", status: 200, durationMs: expect.any(Number) }),
      expect.objectContaining({ method: "GET", route: "unmatched", status: 404 }),
    ]);
    const text = JSON.stringify(lines());
    expect(text).not.toContain("424242");
    expect(text).not.toContain("hunter2");
  });

  it("counts requests by method, route pattern and status, and numbers per sum", async () => {
    const metrics = new Metrics();
    const app = testApp({}, { metrics });
    await postSum(app, JSON.stringify({ numbers: [1, 2, 3] }));
    await postSum(app, "{");
    await app.request("/random-1");
    await app.request("/random-2");
    const text = await metrics.registry.metrics();
    expect(text).toContain('http_requests_total{method="POST",route="/sum",status="200"} 1');
    expect(text).toContain('http_requests_total{method="POST",route="/sum",status="400"} 1');
    expect(text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 2');
    expect(text).toContain('http_request_duration_seconds_count{method="POST",route="/sum",status="200"} 1');
    expect(text).toContain("sum_numbers_per_request_sum 3");
    expect(text).not.toContain("random-1");
  });

  it("labels a request by every route the app registers, learned from the app rather than a list", async () => {
    const { logger, lines } = memoryLogger();
    const app = testApp({}, { logger });
    const served = app.routes.filter(({ method }) => method !== "ALL");
    expect(served.map(({ path }) => path)).toEqual(expect.arrayContaining(["/health", "/ready", "/sum", "/openapi.json", "/docs"]));
    for (const { method, path } of served) await app.request(path, { method });
    await app.request("/sum/extra", { method: "POST" });
    const labels = lines()
      .filter((line) => line.event === "request")
      .map((line) => line.route);
    expect(labels).toEqual([...served.map(({ path }) => path), "unmatched"]);
  });

  it("refuses a route with a parameter rather than counting its requests as unmatched", () => {
    const labels = new RouteLabels();
    labels.learn([{ method: "ALL", path: "/*" }, { method: "GET", path: "/things" }]);
    expect([labels.label("/things"), labels.label("/*"), labels.label("/other")]).toEqual(["/things", "unmatched", "unmatched"]);
    expect(() => labels.learn([{ method: "GET", path: "/things/:id" }])).toThrow(/\/things\/:id has a parameter/);
  });
});
