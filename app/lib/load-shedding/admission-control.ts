import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { type DiscardLimits, discardBody } from "../body/discard-body.js";
import type { Metrics } from "../observability/metrics.js";
import { probePaths } from "../http/probe-paths.js";
import { PROBLEM_CONTENT_TYPE, problemBody } from "../http/problem.js";
import { requestIdFor } from "../http/request-ids.js";

/** Why a request was shed: too many already admitted, or this turn of the event loop already too long. */
export type ShedReason = "in_flight" | "loop_turn";

export type AdmissionControlOptions = {
  /** Requests admitted and not yet answered (bodies still arriving included) past which new ones are shed. */
  readonly maxInFlight: number;
  /** Time one event-loop turn may spend on requests before the rest of that turn's new requests are shed. */
  readonly maxTurnMs: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Paths never shed: the load balancer's probes. @default the probe paths (probe-paths.ts) */
  readonly exemptPaths?: readonly string[];
  /** Seconds a shed client is asked to wait (Retry-After). @default 1 */
  readonly retryAfterSeconds?: number;
  /** At most one "shedding load" log line per this many ms; the metric counts every shed. @default 10000 */
  readonly logIntervalMs?: number;
  /**
   * How much of a shed request's body is read and dropped after the 503, so a client that sends its
   * whole body before reading still gets the answer: a large or chunked body, or any body on a
   * connection the answer closes. A small body on a kept-alive connection is left to Node, which
   * drops it. @default undefined (every body left to Node)
   */
  readonly discard?: DiscardLimits;
  /** The wall clock, in ms; tests pass their own. @default performance.now */
  readonly now?: () => number;
  /** The loop thread's CPU time, in ms; tests pass their own. @default process.threadCpuUsage (Node >= 23.9), else process.cpuUsage */
  readonly cpuNow?: () => number;
};

/** The adaptive cap's floor, and its factor after a turn over budget (AIMD, as concurrency-limits' AIMDLimit). */
const MIN_LIMIT = 2;
const BACKOFF = 0.9;

// The thread's own CPU time where Node has it (>= 23.9, the image's Node 24); the process's before.
const readCpuUsage: () => NodeJS.CpuUsage =
  (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.bind(process) ?? (() => process.cpuUsage());
const loopCpuMs = () => {
  const { user, system } = readCpuUsage();
  return (user + system) / 1000;
};

/**
 * Admission control in front of the app, at the Node request listener: a request is shed with a
 * fast 503 problem + Retry-After, before the app or its body is touched, when
 * - the current event-loop turn has already spent `maxTurnMs` of CPU time and the turn before it
 *   overran too (one long turn alone, such as a full collection of the heap, is not overload), or
 * - as many requests are admitted and unanswered as the cap in force: `maxInFlight` at most
 *   (bounds memory), lowered by 10% after each turn over budget and raised by one after each turn
 *   within it (the AIMD limit of Netflix's concurrency-limits). A request whose body takes several
 *   turns to arrive is cheap when admitted and costly when its body completes, so the turn rule
 *   alone would let many in and pay for them all at once, later; the adaptive cap stops that.
 *
 * The turn rule is what keeps a busy task answering. Under overload every turn finds many sockets
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
  discard,
  exemptPaths = probePaths,
  retryAfterSeconds = 1,
  logIntervalMs = 10_000,
  now = () => performance.now(),
  cpuNow = loopCpuMs,
}: AdmissionControlOptions) {
  const exempt = new Set(exemptPaths);
  const body = JSON.stringify(problemBody("overloaded", `The service is at capacity; retry in ${retryAfterSeconds} s.`));
  const contentLength = String(Buffer.byteLength(body));
  const shedSinceLog = { in_flight: 0, loop_turn: 0 };
  let lastLog = -Infinity;
  let inFlight = 0;
  // The cap in force, between MIN_LIMIT and maxInFlight: lowered while turns overrun, raised by
  // one for each turn within budget (additive increase, multiplicative decrease).
  let limit = maxInFlight;
  const turn = new TurnClock(maxTurnMs, now, cpuNow, (overran) => {
    limit = overran ? Math.max(Math.min(MIN_LIMIT, maxInFlight), limit * BACKOFF) : Math.min(maxInFlight, limit + 1);
  });
  const release = () => {
    inFlight--;
  };

  const shed = (req: IncomingMessage, res: ServerResponse, reason: ShedReason, at: number) => {
    metrics.countShed(reason);
    shedSinceLog[reason]++;
    if (at - lastLog >= logIntervalMs) {
      const state = { inFlight, limit: Math.floor(limit), maxInFlight, maxTurnMs };
      logger.warn({ event: "load_shed", shed: { ...shedSinceLog }, ...state }, "shedding load: answering 503 to requests over capacity");
      shedSinceLog.in_flight = shedSinceLog.loop_turn = 0;
      lastLog = at;
    }
    const given = req.headers["x-request-id"];
    const id = requestIdFor(typeof given === "string" ? given : undefined);
    res.writeHead(503, {
      "content-type": PROBLEM_CONTENT_TYPE,
      "content-length": contentLength,
      "retry-after": String(retryAfterSeconds),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-request-id": id,
    });
    res.end(body);
    if (discard && needsBoundedDiscard(req)) discardBody(req, res, discard);
  };

  return {
    /** Requests admitted and not yet answered. */
    get inFlight(): number {
      return inFlight;
    },
    /** The cap on requests in flight in force now. */
    get limit(): number {
      return Math.floor(limit);
    },
    /** The listener, behind admission control. */
    guard(listener: RequestListener): RequestListener {
      return (req, res) => {
        const url = req.url ?? "/";
        const query = url.indexOf("?");
        if (!exempt.has(query === -1 ? url : url.slice(0, query))) {
          const at = now();
          const shedding = turn.shedding(at);
          if (inFlight >= Math.floor(limit)) return shed(req, res, "in_flight", at);
          if (shedding) return shed(req, res, "loop_turn", at);
          inFlight++;
          // A response emits "close" once, so on() does what once() would without a wrapper per request.
          res.on("close", release);
        }
        return listener(req, res);
      };
    },
  };
}

export type AdmissionControl = ReturnType<typeof createAdmissionControl>;

/** A declared body this small is dropped by Node at no cost worth bounding. */
const SMALL_BODY_BYTES = 64 * 1024;

/**
 * Whether a shed request's body needs the bounded discard (discard-body.ts). On a connection that
 * stays open Node reads and drops an unread body itself once the answer is sent, and a small one
 * costs nothing: setting up the discard for each shed request (a timer, listeners) cost more than
 * the shed answer itself, at the rates where shedding matters. A large or chunked body, or an
 * answer that closes the connection (where unread bytes would turn the close into a reset), gets it.
 */
function needsBoundedDiscard(req: IncomingMessage): boolean {
  const { headers } = req;
  if (headers["transfer-encoding"] !== undefined) return true;
  const length = headers["content-length"];
  if (length === undefined) return false;
  if (Number(length) > SMALL_BODY_BYTES || req.httpVersionMinor === 0) return true;
  const connection = headers.connection;
  return connection !== undefined && /\bclose\b/i.test(connection);
}

/**
 * Times each event-loop turn that serves requests, in the CPU time of the loop's thread, not wall
 * time: a process the machine paused mid-turn (a neighbour's burst, a CPU quota) has done no more
 * work, and must not shed for it; nor is the JIT compiling on another thread the loop's work
 * (Node >= 23.9 reads the thread's own time; older Nodes the process's). Reading CPU time is a
 * system call, so it is read when a turn starts only after a busy turn, and otherwise only once
 * the wall clock says the budget may be spent (CPU time never runs ahead of it). A turn starts at
 * its first request and ends in its check phase, after its I/O.
 *
 * A turn *sheds* once it has spent its budget and the turn before it overran too: one long turn
 * alone (a full collection of the heap, a burst of compilation) is not overload, and shedding for
 * it refused requests the next turn would have served at once.
 */
class TurnClock {
  #inTurn = false;
  #wallStart = 0;
  /** CPU time at the turn's start, or -1 while the turn has no reading. */
  #cpuStart = -1;
  #cpuBudget = 0;
  #nextCheck = 0;
  #spent = false;
  /** Whether the last turn went over its budget. */
  #lastOverran = false;
  /** Whether the last turn took over half the budget in wall time: the next one reads CPU time at once. */
  #lastTurnBusy = true;
  readonly #end = () => {
    const now = this.now();
    const overran = this.#spent || (this.#cpuStart >= 0 && now > this.#nextCheck && this.cpuNow() - this.#cpuStart > this.#cpuBudget);
    this.#lastTurnBusy = now - this.#wallStart > this.budgetMs / 2;
    this.#inTurn = false;
    this.#cpuStart = -1;
    this.#spent = false;
    this.#lastOverran = overran;
    this.onEnd(overran);
  };

  constructor(
    readonly budgetMs: number,
    readonly now: () => number,
    readonly cpuNow: () => number,
    /** Called once a turn that served requests is over: whether it went over its budget. */
    readonly onEnd: (overran: boolean) => void,
  ) {}

  /** Whether the current turn must shed: its budget is spent, after a turn that overran. The first call of a turn starts it. */
  shedding(now: number): boolean {
    return this.#spentAt(now) && this.#lastOverran;
  }

  #spentAt(now: number): boolean {
    if (!this.#inTurn) {
      this.#inTurn = true;
      this.#wallStart = now;
      this.#cpuBudget = this.budgetMs;
      this.#nextCheck = now + this.budgetMs;
      // Reading CPU time costs more than a short turn's requests do: a turn after a quiet one
      // starts on the wall clock alone.
      if (this.#lastTurnBusy) this.#cpuStart = this.cpuNow();
      setImmediate(this.#end);
      return false;
    }
    if (this.#spent || now <= this.#nextCheck) return this.#spent;
    if (this.#cpuStart < 0) {
      // Past the budget in wall time with no reading from its start: the turn may have worked all
      // along or been paused. Count CPU time from here, against half a budget more.
      this.#cpuStart = this.cpuNow();
      this.#cpuBudget = this.budgetMs / 2;
      this.#nextCheck = now + this.#cpuBudget;
      return false;
    }
    const used = this.cpuNow() - this.#cpuStart;
    if (used > this.#cpuBudget) this.#spent = true;
    else this.#nextCheck = now + (this.#cpuBudget - used);
    return this.#spent;
  }
}
