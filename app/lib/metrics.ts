import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** The service's Prometheus metrics. Labels are route patterns and fixed sets, never raw input. */
export class Metrics {
  readonly registry: Registry;
  readonly gatewayRejections: Counter;
  readonly secretRefreshFailures: Counter;
  readonly #requests: Counter<"method" | "route" | "status">;
  readonly #duration: Histogram<"method" | "route" | "status">;
  readonly #numbers: Histogram;
  // prom-client hashes label sets on every call; bound children are cached per label set.
  readonly #children = new Map<string, { count: { inc(): void }; seconds: { observe(value: number): void } }>();

  constructor({ registry = new Registry(), defaultMetrics = false } = {}) {
    this.registry = registry;
    const registers = [registry];
    this.#requests = new Counter({
      name: "http_requests_total",
      help: "HTTP requests by method, route pattern and status.",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.#duration = new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by method, route pattern and status.",
      labelNames: ["method", "route", "status"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.#numbers = new Histogram({
      name: "sum_numbers_per_request",
      help: "How many numbers each successful POST /sum added.",
      buckets: [1, 2, 5, 10, 50, 100, 500, 1000, 5000, 10000],
      registers,
    });
    this.gatewayRejections = new Counter({
      name: "gateway_rejections_total",
      help: "Requests refused for a missing or wrong gateway secret.",
      registers,
    });
    this.secretRefreshFailures = new Counter({
      name: "gateway_secret_refresh_failures_total",
      help: "Failed refreshes of the gateway secret (the last good value stays in use).",
      registers,
    });
    if (defaultMetrics) collectDefaultMetrics({ register: registry });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const safeMethod = KNOWN_METHODS.has(method) ? method : "OTHER";
    const key = `${safeMethod} ${route} ${status}`;
    let child = this.#children.get(key);
    if (!child) {
      const labels = { method: safeMethod, route, status: String(status) };
      child = { count: this.#requests.labels(labels), seconds: this.#duration.labels(labels) };
      this.#children.set(key, child);
    }
    child.count.inc();
    child.seconds.observe(seconds);
  }

  observeNumbers(count: number): void {
    this.#numbers.observe(count);
  }
}
