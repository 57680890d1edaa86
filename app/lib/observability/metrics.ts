import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { type HistogramSeries, SeriesHistogram } from "./series-histogram.js";

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** The request-duration histogram, labelled by method, route pattern and status. */
export const REQUEST_DURATION = {
  name: "http_request_duration_seconds",
  help: "HTTP request duration by method, route pattern and status.",
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
} as const;

/** The numbers-per-request histogram, unlabelled. */
export const NUMBERS_PER_REQUEST = {
  name: "sum_numbers_per_request",
  help: "How many numbers each successful POST /sum added.",
  buckets: [1, 2, 5, 10, 50, 100, 500, 1000, 5000, 10000],
} as const;

/** The service's Prometheus metrics. Labels are route patterns and fixed sets, never raw input. */
export class Metrics {
  readonly registry: Registry;
  readonly gatewayRejections: Counter;
  readonly secretRefreshFailures: Counter;
  readonly requestsShed: Counter<"reason">;
  readonly #duration: SeriesHistogram;
  readonly #shed = { in_flight: 0, loop_turn: 0 };
  readonly #numbers: HistogramSeries;
  // One series per method, route and status, found without building a key string per request.
  readonly #series = new Map<string, Map<string, Map<number, HistogramSeries>>>();

  constructor({ registry = new Registry(), defaultMetrics = false } = {}) {
    this.registry = registry;
    const registers = [registry];
    this.#duration = new SeriesHistogram({ ...REQUEST_DURATION, registers });
    const duration = this.#duration;
    // Derived from the duration series at scrape time: no second update per request.
    new Counter({
      name: "http_requests_total",
      help: "HTTP requests by method, route pattern and status.",
      labelNames: ["method", "route", "status"],
      registers,
      collect() {
        this.reset();
        for (const { labels, count } of duration.allSeries()) this.inc(labels, count);
      },
    });
    this.#numbers = new SeriesHistogram({ ...NUMBERS_PER_REQUEST, registers }).series();
    this.gatewayRejections = new Counter({
      name: "gateway_rejections_total",
      help: "Requests refused for a missing or wrong gateway secret.",
      registers,
    });
    this.secretRefreshFailures = new Counter({
      name: "gateway_secret_refresh_failures_total",
      help: "Failed attempts to load or refresh the gateway secret, timeouts included (the last good value stays in use).",
      registers,
    });
    const shed = this.#shed;
    // Counted in plain numbers and read at scrape time: a shed must cost as little as possible.
    this.requestsShed = new Counter({
      name: "http_requests_shed_total",
      help: "Requests answered 503 by admission control, by the limit they met (in_flight or loop_turn).",
      labelNames: ["reason"],
      registers,
      collect() {
        this.reset();
        for (const reason of ["in_flight", "loop_turn"] as const) if (shed[reason] > 0) this.inc({ reason }, shed[reason]);
      },
    });
    if (defaultMetrics) collectDefaultMetrics({ register: registry });
  }

  /** Reports admission control's requests in flight and the cap in force, read at each scrape. */
  watchAdmission(admission: { readonly inFlight: number; readonly limit: number }): void {
    const registers = [this.registry];
    new Gauge({
      name: "http_requests_in_flight",
      help: "Requests admitted and not yet answered (bodies still arriving included).",
      registers,
      collect() {
        this.set(admission.inFlight);
      },
    });
    new Gauge({
      name: "http_requests_in_flight_limit",
      help: "Admission control's cap on requests in flight now (MAX_REQUESTS_IN_FLIGHT at most, lowered while the event loop's turns overrun).",
      registers,
      collect() {
        this.set(admission.limit);
      },
    });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const safeMethod = KNOWN_METHODS.has(method) ? method : "OTHER";
    let byRoute = this.#series.get(safeMethod);
    if (!byRoute) this.#series.set(safeMethod, (byRoute = new Map()));
    let byStatus = byRoute.get(route);
    if (!byStatus) byRoute.set(route, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (!series) byStatus.set(status, (series = this.#duration.series({ method: safeMethod, route, status: String(status) })));
    series.observe(seconds);
  }

  /** One request shed by admission control, for the limit it met. */
  countShed(reason: "in_flight" | "loop_turn"): void {
    this.#shed[reason]++;
  }

  observeNumbers(count: number): void {
    this.#numbers.observe(count);
  }
}
