import { Agent, request } from "node:http";

/** Latencies in ms, one per request, and how many failed. */
export type PacedResult = { latencies: Float64Array; errors: number };

/** The value at quantile q (0..1) of values sorted ascending; NaN when there are none. */
export function quantile(sorted: Float64Array, q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Percentiles over every latency of several runs together. */
export function percentiles(runs: readonly PacedResult[]) {
  const all = Float64Array.from(runs.flatMap((run) => [...run.latencies])).sort();
  const at = (q: number) => quantile(all, q);
  return { p50: at(0.5), p99: at(0.99), max: all[all.length - 1]!, errors: runs.reduce((sum, run) => sum + run.errors, 0), count: all.length };
}

/**
 * Open-loop load at a constant rate: request i is due at start + i / rate and is sent then,
 * whatever is still in flight, over at most `connections` keep-alive connections (the agent
 * queues the rest). Latency runs from the due time, not the send time, so a stalled server
 * is charged for the requests it delayed (no coordinated omission).
 *
 * autocannon is not used here: its rate limit lets each connection send its whole per-second
 * quota back to back and then wait, so "2,000 req/s" arrives as bursts at full load, and it then
 * adds synthetic samples for every millisecond of each slow answer.
 */
export async function paced(
  port: number,
  body: string,
  headers: Record<string, string>,
  { rate, seconds, connections }: { rate: number; seconds: number; connections: number },
): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const total = rate * seconds;
  const latencies = new Float64Array(total);
  const options = { host: "127.0.0.1", port, path: "/sum", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } };
  let sent = 0;
  let done = 0;
  let errors = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const finish = (i: number, ok: boolean) => {
      latencies[i] = performance.now() - (start + (i * 1000) / rate);
      if (!ok) errors++;
      if (++done === total) resolve();
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      for (; sent < due; sent++) {
        const i = sent;
        request(options, (res) => {
          res.resume();
          res.on("end", () => finish(i, res.statusCode === 200));
        })
          .on("error", () => finish(i, false))
          .end(body);
      }
      if (sent < total) setImmediate(tick);
    };
    tick();
  });
  agent.destroy();
  return { latencies, errors };
}
