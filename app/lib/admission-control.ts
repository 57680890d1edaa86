import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Metrics } from "./metrics.js";
import { PROBLEM_CONTENT_TYPE, problemBody } from "./problem.js";
import { requestIds, SAFE_REQUEST_ID } from "./request-ids.js";

/** Why a request was shed: too many already admitted, or this turn of the event loop already too long. */
export type ShedReason = "in_flight" | "loop_turn";

export type AdmissionControlOptions = {
  /** Requests admitted and not yet answered (bodies still arriving included) past which new ones are shed. */
  readonly maxInFlight: number;
  /** Time one event-loop turn may spend on requests before the rest of that turn's new requests are shed. */
  readonly maxTurnMs: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Paths never shed: the load balancer's probes. @default ["/health", "/ready"] */
  readonly exemptPaths?: readonly string[];
  /** Seconds a shed client is asked to wait (Retry-After). @default 1 */
  readonly retryAfterSeconds?: number;
  /** At most one "shedding load" log line per this many ms; the metric counts every shed. @default 10000 */
  readonly logIntervalMs?: number;
  /** The wall clock, in ms; tests pass their own. @default performance.now */
  readonly now?: () => number;
  /** The process's CPU time, in ms; tests pass their own. @default from process.cpuUsage */
  readonly cpuNow?: () => number;
};

const processCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Admission control in front of the app, at the Node request listener: a request is shed with a
 * fast 503 problem + Retry-After, before the app or its body is touched, when
 * - `maxInFlight` requests are already admitted and unanswered (bounds memory and queued work), or
 * - the current event-loop turn has already spent `maxTurnMs` on requests.
 *
 * The second rule is what keeps a busy task answering. Under overload every turn finds many sockets
 * ready, and a turn that serves them all takes hundreds of ms: every other socket, a fresh health
 * check included, waits that long. Cutting each turn's work short bounds the wait by construction;
 * a shed costs a fraction of a served request, and the turn's budget is spent on requests served in
 * full. A probe sampled on a timer (as @fastify/under-pressure, overload-protection or toobusy-js
 * do) only reacts after a long turn has happened. The probes are never shed: a busy task must not
 * fail its health check.
 *
 * @example
 * const admission = createAdmissionControl({ maxInFlight: 128, maxTurnMs: 5, logger, metrics });
 * http.createServer(options, admission.guard(listener));
 */
export function createAdmissionControl({
  maxInFlight,
  maxTurnMs,
  logger,
  metrics,
  exemptPaths = ["/health", "/ready"],
  retryAfterSeconds = 1,
  logIntervalMs = 10_000,
  now = () => performance.now(),
  cpuNow = processCpuMs,
}: AdmissionControlOptions) {
  const exempt = new Set(exemptPaths);
  const body = JSON.stringify(problemBody("overloaded", `The service is at capacity; retry in ${retryAfterSeconds} s.`));
  const contentLength = String(Buffer.byteLength(body));
  const nextId = requestIds();
  const shedCounters = { in_flight: metrics.requestsShed.labels("in_flight"), loop_turn: metrics.requestsShed.labels("loop_turn") };
  const shedSinceLog = { in_flight: 0, loop_turn: 0 };
  let lastLog = -Infinity;
  let inFlight = 0;
  const turn = new TurnClock(maxTurnMs, cpuNow);
  const release = () => {
    inFlight--;
  };

  const shed = (req: IncomingMessage, res: ServerResponse, reason: ShedReason, at: number) => {
    shedCounters[reason].inc();
    shedSinceLog[reason]++;
    if (at - lastLog >= logIntervalMs) {
      logger.warn({ event: "load_shed", shed: { ...shedSinceLog }, inFlight, maxInFlight, maxTurnMs }, "shedding load: answering 503 to requests over capacity");
      shedSinceLog.in_flight = shedSinceLog.loop_turn = 0;
      lastLog = at;
    }
    const given = req.headers["x-request-id"];
    res.writeHead(503, {
      "content-type": PROBLEM_CONTENT_TYPE,
      "content-length": contentLength,
      "retry-after": String(retryAfterSeconds),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-request-id": typeof given === "string" && SAFE_REQUEST_ID.test(given) ? given : nextId(),
    });
    res.end(body);
  };

  return {
    /** Requests admitted and not yet answered. */
    get inFlight(): number {
      return inFlight;
    },
    /** The listener, behind admission control. */
    guard(listener: RequestListener): RequestListener {
      return (req, res) => {
        const url = req.url ?? "/";
        const query = url.indexOf("?");
        if (!exempt.has(query === -1 ? url : url.slice(0, query))) {
          const at = now();
          const spent = turn.spent(at);
          if (inFlight >= maxInFlight) return shed(req, res, "in_flight", at);
          if (spent) return shed(req, res, "loop_turn", at);
          inFlight++;
          res.once("close", release);
        }
        return listener(req, res);
      };
    },
  };
}

export type AdmissionControl = ReturnType<typeof createAdmissionControl>;

/**
 * Whether the current event-loop turn has spent its time on requests. Time is CPU time, not wall
 * time: a process the machine paused mid-turn (a neighbour's burst, a CPU quota) has done no more
 * work, and must not shed for it. Reading CPU time is a system call, so it is read once when a
 * turn starts and then only when the wall clock says the budget may be spent (CPU time never runs
 * ahead of it). A turn starts at its first request and ends in its check phase, after its I/O.
 */
class TurnClock {
  #cpuStart = -1;
  #nextCheck = 0;
  #spent = false;
  readonly #end = () => {
    this.#cpuStart = -1;
    this.#spent = false;
  };

  constructor(
    readonly budgetMs: number,
    readonly cpuNow: () => number,
  ) {}

  spent(now: number): boolean {
    if (this.#cpuStart < 0) {
      this.#cpuStart = this.cpuNow();
      this.#nextCheck = now + this.budgetMs;
      setImmediate(this.#end);
      return false;
    }
    if (this.#spent || now <= this.#nextCheck) return this.#spent;
    const used = this.cpuNow() - this.#cpuStart;
    if (used > this.budgetMs) this.#spent = true;
    else this.#nextCheck = now + (this.budgetMs - used);
    return this.#spent;
  }
}
