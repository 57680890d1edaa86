import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { Metrics, NUMBERS_PER_REQUEST, REQUEST_DURATION } from "../../app/lib/observability/metrics.js";
import { SeriesHistogram } from "../../app/lib/observability/series-histogram.js";

/** Exposition text with each sample's labels in name order: Prometheus gives label order no meaning. */
function sortedLabels(exposition: string): string[] {
  return exposition.split("\n").map((line) =>
    line.replace(/\{(.*)\}/, (_, labels: string) => `{${[...labels.matchAll(/\w+="(?:[^"\\]|\\.)*"/g)].map(([label]) => label).sort().join(",")}}`),
  );
}

describe("SeriesHistogram", () => {
  it("exposes cumulative buckets, +Inf, sum and count per label set in the Prometheus text format", async () => {
    const registry = new Registry();
    const histogram = new SeriesHistogram({ name: "latency_seconds", help: "Latency.", buckets: [0.1, 1], registers: [registry] });
    const fast = histogram.series({ route: "/a" });
    for (const value of [0.05, 0.1, 0.5, 3]) fast.observe(value);
    histogram.series({ route: "/b" }).observe(2);
    expect(histogram.series({ route: "/a" })).toBe(fast);
    const lines = (await registry.metrics()).split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        "# TYPE latency_seconds histogram",
        'latency_seconds_bucket{route="/a",le="0.1"} 2',
        'latency_seconds_bucket{route="/a",le="1"} 3',
        'latency_seconds_bucket{route="/a",le="+Inf"} 4',
        'latency_seconds_sum{route="/a"} 3.65',
        'latency_seconds_count{route="/a"} 4',
        'latency_seconds_bucket{route="/b",le="1"} 0',
        'latency_seconds_count{route="/b"} 1',
      ]),
    );
  });

  // SeriesHistogram stands in for prom-client's Histogram inside the registry (a cast, not a public
  // extension point): if prom-client's exposition or the service's metrics change in a way the
  // stand-in misses, the scrape text stops matching what the public API would have written.
  it("scrapes, in the service's own metrics, exactly as prom-client's Histogram would for the same observations", async () => {
    const requests: [method: string, route: string, status: number, seconds: number][] = [
      ["POST", "/sum", 200, 0.0001],
      ["POST", "/sum", 200, 0.0005],
      ["GET", "/health", 200, 0.003],
      ["POST", "/sum", 422, 2.5],
      ["POST", "/sum", 200, 7],
      ["GET", "unmatched", 404, 0.02],
    ];
    const numbers = [1, 2, 3, 10_000, 20_000];

    const metrics = new Metrics();
    for (const request of requests) metrics.observeRequest(...request);
    for (const count of numbers) metrics.observeNumbers(count);

    const reference = new Registry();
    const labelNames = ["method", "route", "status"] as const;
    const duration = new Histogram({ ...REQUEST_DURATION, buckets: [...REQUEST_DURATION.buckets], labelNames, registers: [reference] });
    const { name: totalName, help: totalHelp } = await metrics.registry.getSingleMetric("http_requests_total")!.get();
    const total = new Counter({ name: totalName, help: totalHelp, labelNames, registers: [reference] });
    for (const [method, route, status, seconds] of requests) {
      duration.observe({ method, route, status: String(status) }, seconds);
      total.inc({ method, route, status: String(status) });
    }
    const perRequest = new Histogram({ ...NUMBERS_PER_REQUEST, buckets: [...NUMBERS_PER_REQUEST.buckets], registers: [reference] });
    for (const count of numbers) perRequest.observe(count);

    for (const name of [REQUEST_DURATION.name, totalName, NUMBERS_PER_REQUEST.name]) {
      expect(sortedLabels(await metrics.registry.getSingleMetricAsString(name))).toEqual(sortedLabels(await reference.getSingleMetricAsString(name)));
    }
  });
});
