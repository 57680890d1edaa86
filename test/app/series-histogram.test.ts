import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { SeriesHistogram } from "../../app/lib/series-histogram.js";

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
});
