import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createAdmissionControl } from "../../app/lib/load-shedding/admission-control.js";
import { Metrics } from "../../app/lib/observability/metrics.js";

/** The parts of a Node response the admission control uses, recorded. */
class FakeResponse extends EventEmitter {
  status?: number;
  headers: Record<string, string> = {};
  body?: string;
  writeHead(status: number, headers: Record<string, string>) {
    this.status = status;
    this.headers = headers;
    return this;
  }
  end(body: string) {
    this.body = body;
    return this;
  }
  /** The answer went out, or the client went away. */
  close() {
    this.emit("close");
  }
}

function setup({ maxInFlight = 2, maxTurnMs = 5 } = {}) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const metrics = new Metrics();
  // Wall time and the process's CPU time; they move together unless a test pauses the process.
  const clock = { ms: 0, cpuMs: 0 };
  let cpuReads = 0;
  const cpuNow = () => (cpuReads++, clock.cpuMs);
  const admission = createAdmissionControl({ maxInFlight, maxTurnMs, logger, metrics, now: () => clock.ms, cpuNow });
  const served: string[] = [];
  const listener = admission.guard((req) => void served.push(req.url!));
  const send = (url: string, headers: Record<string, string> = {}) => {
    const res = new FakeResponse();
    listener({ url, headers } as unknown as IncomingMessage, res as unknown as ServerResponse);
    return res;
  };
  const shedCount = async (reason: string) => (await metrics.requestsShed.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
  return { admission, send, served, clock, lines, shedCount, cpuReads: () => cpuReads };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("admission control", () => {
  it("sheds a request past the cap on requests in flight with a 503 problem and Retry-After, and admits again once one is answered", async () => {
    const { admission, send, served, shedCount } = setup({ maxInFlight: 2 });
    const first = send("/sum");
    send("/sum");
    const shed = send("/sum", { "x-request-id": "kong-42" });
    expect(served).toEqual(["/sum", "/sum"]);
    expect(admission.inFlight).toBe(2);
    expect(shed.status).toBe(503);
    expect(shed.headers).toMatchObject({ "content-type": "application/problem+json", "retry-after": "1", "cache-control": "no-store", "x-content-type-options": "nosniff", "x-request-id": "kong-42" });
    expect(JSON.parse(shed.body!)).toMatchObject({ type: "urn:sum-platform:problem:overloaded", status: 503 });
    expect(Number(shed.headers["content-length"])).toBe(Buffer.byteLength(shed.body!));
    expect(await shedCount("in_flight")).toBe(1);

    first.close();
    expect(admission.inFlight).toBe(1);
    expect(send("/sum").status).toBeUndefined();
    expect(served).toHaveLength(3);
  });

  it("never sheds the load balancer's probes, with or without a query", () => {
    const { send, served } = setup({ maxInFlight: 1 });
    send("/sum");
    expect(send("/sum").status).toBe(503);
    for (const url of ["/health", "/ready", "/health?from=alb"]) expect(send(url).status).toBeUndefined();
    expect(served).toEqual(["/sum", "/health", "/ready", "/health?from=alb"]);
  });

  it("replaces a caller's request id that is not short and plain", () => {
    const { send } = setup({ maxInFlight: 0 });
    const id = send("/sum", { "x-request-id": "bad id\u0000" }).headers["x-request-id"];
    expect(id).not.toContain("bad");
    expect(id).toMatch(/^[\w-]+$/);
  });

  /** One turn with one request, costing `cpuMs` of work before the turn ends. */
  const overrunTurn = async ({ send, clock }: ReturnType<typeof setup>, cpuMs = 6) => {
    send("/sum").close();
    clock.ms += cpuMs;
    clock.cpuMs += cpuMs;
    await nextTurn();
  };

  it("sheds the rest of a turn's new requests once the turn has spent its time after a turn that overran, and admits again in the next turn", async () => {
    const setupResult = setup({ maxInFlight: 100, maxTurnMs: 5 });
    const { send, served, clock, shedCount } = setupResult;
    clock.ms = clock.cpuMs = 1_000;
    await overrunTurn(setupResult);
    send("/sum");
    clock.ms += 5;
    clock.cpuMs += 5; // exactly on the budget: still admitted
    send("/sum");
    clock.ms += 0.1;
    clock.cpuMs += 0.1;
    expect(send("/sum").status).toBe(503);
    expect(send("/health").status).toBeUndefined();
    expect(await shedCount("loop_turn")).toBe(1);
    await nextTurn();
    clock.ms += 50;
    expect(send("/sum").status).toBeUndefined();
    expect(served).toEqual(["/sum", "/sum", "/sum", "/health", "/sum"]);
  });

  it("does not shed for one long turn alone (a collection of the heap): the turn after a turn within budget admits all", async () => {
    const { send, served, clock, shedCount, cpuReads } = setup({ maxInFlight: 100, maxTurnMs: 5 });
    send("/sum");
    clock.ms += 4;
    clock.cpuMs += 4;
    await nextTurn(); // busy, within budget
    const reads = cpuReads();
    send("/sum");
    expect(cpuReads()).toBe(reads + 1); // timed from its start
    clock.ms += 20;
    clock.cpuMs += 20; // a 20 ms pause of the heap's collector, mid-turn: over the budget
    expect(send("/sum").status).toBeUndefined();
    expect(send("/sum").status).toBeUndefined();
    expect(await shedCount("loop_turn")).toBe(0);
    expect(served).toHaveLength(4);
  });

  it("does not count time the process was paused (by the machine or a CPU quota) as time the turn spent", async () => {
    const setupResult = setup({ maxInFlight: 100, maxTurnMs: 5 });
    const { send, served, clock } = setupResult;
    await overrunTurn(setupResult);
    send("/sum");
    clock.cpuMs += 1;
    clock.ms += 1;
    send("/sum");
    clock.ms += 50; // paused 50 ms: no CPU time passed
    expect(send("/sum").status).toBeUndefined();
    clock.ms += 4.5;
    clock.cpuMs += 4.5; // 1 + 4.5 ms of work since the turn began: over the budget
    expect(send("/sum").status).toBe(503);
    expect(served).toHaveLength(4);
  });

  it("reads CPU time at a turn's start only after a busy turn; a turn that began quiet gets half a budget more once its wall time passes the budget", async () => {
    const setupResult = setup({ maxInFlight: 100, maxTurnMs: 4 });
    const { send, clock, cpuReads } = setupResult;
    send("/sum");
    await nextTurn(); // a turn within budget
    const quietStart = cpuReads();
    send("/sum");
    send("/sum");
    expect(cpuReads()).toBe(quietStart);
    clock.ms += 5;
    clock.cpuMs += 5; // past the budget in wall time, CPU unknown: counting starts here
    expect(send("/sum").status).toBeUndefined();
    expect(cpuReads()).toBe(quietStart + 1);
    clock.ms += 2.5;
    clock.cpuMs += 2.5; // more than half a budget since: this turn overran (not shed: the one before did not)
    expect(send("/sum").status).toBeUndefined();
    await nextTurn(); // that turn was busy: the next one reads CPU time as it starts, and sheds past its budget (it overran)
    const busyStart = cpuReads();
    send("/sum");
    expect(cpuReads()).toBe(busyStart + 1);
    clock.ms += 4.1;
    clock.cpuMs += 4.1;
    expect(send("/sum").status).toBe(503);
  });

  it("lowers its cap on requests in flight while turns overrun their budget, down to 2, and raises it by one per turn within budget", async () => {
    const setupResult = setup({ maxInFlight: 10, maxTurnMs: 5 });
    const { admission, send } = setupResult;
    await overrunTurn(setupResult);
    expect(admission.limit).toBe(9); // 10 x 0.9
    await overrunTurn(setupResult, 1);
    await overrunTurn(setupResult, 1);
    expect(admission.limit).toBe(10); // never above the maximum
    for (let i = 0; i < 40; i++) await overrunTurn(setupResult);
    expect(admission.limit).toBe(2);
    send("/sum");
    send("/sum");
    expect(send("/sum").status).toBe(503);
  });

  it("logs the shedding at most once per interval, with how many were shed since the last line", async () => {
    const { send, clock, lines } = setup({ maxInFlight: 0 });
    send("/sum");
    clock.ms = 5_000;
    send("/sum");
    send("/sum");
    clock.ms = 10_000;
    send("/sum");
    const shedLines = lines.filter((line) => line.event === "load_shed");
    expect(shedLines.map((line) => line.shed)).toEqual([
      { in_flight: 1, loop_turn: 0 },
      { in_flight: 3, loop_turn: 0 },
    ]);
    expect(shedLines[0]).toMatchObject({ level: 40, maxInFlight: 0 });
  });
});
