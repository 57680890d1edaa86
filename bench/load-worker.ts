// The load generator of the overload scenario, in a process of its own (bench/load-process.ts
// starts it): the bench's own process stays free to time its health probes, so a busy generator
// never shows up as a slow service.
import { load } from "./load.js";
import { openLoop } from "./open-loop.js";
import { BENCH_SECRET, MAX_SUM_BODY, SUM_BODY } from "./sum-request.js";

/** Closed loop as fast as the service answers (autocannon), or open loop at a fixed rate (openLoop). */
export type LoadTask =
  | { kind: "closed"; port: number; body: "small" | "max"; seconds: number; connections: number }
  | { kind: "open"; port: number; body: "small" | "max"; seconds: number; rate: number; connections: number; timeoutMs: number };


// autocannon takes its body as a string; the open-loop generator writes bytes built once.
const bodies = { small: SUM_BODY, max: MAX_SUM_BODY };
const buffers = { small: Buffer.from(SUM_BODY), max: Buffer.from(MAX_SUM_BODY) };
const headers = { "x-gateway-secret": BENCH_SECRET };

process.on("message", (task: LoadTask) => {
  const run =
    task.kind === "closed"
      ? load(task.port, bodies[task.body], headers, task.seconds, task.connections)
      : openLoop(task.port, buffers[task.body], headers, task);
  void run.then((result) => process.send!(result));
});

