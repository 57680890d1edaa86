import type { Metric, Registry } from "prom-client";

type ExposedValue = { labels: Record<string, string | number>; value: number; metricName: string };

/** One label set's counts, fetched once per label set and kept by the caller. */
export class HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** Observations per bucket, not cumulative; the last slot is +Inf. */
  readonly buckets: Float64Array;
  sum = 0;
  count = 0;
  readonly #bounds: readonly number[];

  constructor(labels: Readonly<Record<string, string>>, bounds: readonly number[]) {
    this.labels = labels;
    this.#bounds = bounds;
    this.buckets = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.#bounds.length && value > this.#bounds[i]!) i++;
    this.buckets[i]!++;
    this.sum += value;
    this.count++;
  }
}

export type SeriesHistogramOptions = {
  readonly name: string;
  readonly help: string;
  /** Upper bounds, ascending. */
  readonly buckets: readonly number[];
  readonly registers: readonly Registry[];
};

/**
 * A Prometheus histogram exposed through a prom-client registry, observed through series the
 * caller keeps per label set. prom-client's own Histogram hashes and validates the label set on
 * every observation, even through `.labels()` children; on the request path that was a measurable
 * share of each request. Label values are the caller's to bound (route patterns, fixed sets).
 * It enters the registry by a cast, not a public extension point: test/app/series-histogram.test.ts
 * checks the service's scrape against prom-client's own Histogram fed the same observations.
 */
export class SeriesHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = "histogram";
  readonly aggregator = "sum";
  readonly #bounds: readonly number[];
  readonly #series = new Map<string, HistogramSeries>();

  constructor({ name, help, buckets, registers }: SeriesHistogramOptions) {
    this.name = name;
    this.help = help;
    this.#bounds = [...buckets];
    for (const registry of registers) registry.registerMetric(this as unknown as Metric);
  }

  /** The series for `labels`, created on first use; keep it rather than asking per observation. */
  series(labels: Readonly<Record<string, string>> = {}): HistogramSeries {
    const key = JSON.stringify(labels);
    let series = this.#series.get(key);
    if (!series) {
      series = new HistogramSeries(labels, this.#bounds);
      this.#series.set(key, series);
    }
    return series;
  }

  allSeries(): IterableIterator<HistogramSeries> {
    return this.#series.values();
  }

  /** What prom-client's registry reads at scrape time, in its Histogram's shape. */
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: ExposedValue[] }> {
    const values: ExposedValue[] = [];
    for (const { labels, buckets, sum, count } of this.#series.values()) {
      let cumulative = 0;
      this.#bounds.forEach((le, i) => {
        cumulative += buckets[i]!;
        values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { ...labels, le: "+Inf" }, value: count, metricName: `${this.name}_bucket` });
      values.push({ labels: { ...labels }, value: sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...labels }, value: count, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  reset(): void {
    this.#series.clear();
  }
}
