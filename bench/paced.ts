import { Agent, request } from "node:http";

/**
 * Latencies in ms and statuses (0: no answer), one per request; how many were not a 200; and the
 * latest any request was sent after its due time (large: the generator, not the server, fell behind).
 */
export type PacedResult = { latencies: Float64Array; statuses: Uint16Array; errors: number; maxSendLagMs: number };

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
  body: string | Buffer,
  headers: Record<string, string>,
  { rate, seconds, connections, timeoutMs }: { rate: number; seconds: number; connections: number; timeoutMs?: number },
): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  let total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  const statuses = new Uint16Array(total);
  const finished = new Uint8Array(total);
  const options = { host: "127.0.0.1", port, path: "/sum", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } };
  let sent = 0;
  let done = 0;
  let errors = 0;
  let maxSendLagMs = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const finish = (i: number, status: number) => {
      if (finished[i]) return; // a timed-out request may report its error after its end
      finished[i] = 1;
      latencies[i] = performance.now() - (start + (i * 1000) / rate);
      statuses[i] = status;
      if (status !== 200) errors++;
      if (++done === total) resolve();
    };
    const tick = () => {
      // A generator that fell behind stops at the run's end: what it never sent was never offered.
      if (performance.now() - start >= seconds * 1000) {
        total = sent;
        if (done === total) resolve();
        return;
      }
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      if (sent < due) maxSendLagMs = Math.max(maxSendLagMs, performance.now() - (start + (sent * 1000) / rate));
      for (; sent < due; sent++) {
        const i = sent;
        // Bounds a run against a server that stops answering, counted from the request's creation
        // (a socket timeout would not count the time queued in the agent); it counts as unanswered.
        const signal = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
        request({ ...options, signal }, (res) => {
          res.resume();
          res.on("end", () => finish(i, res.statusCode ?? 0));
        })
          .on("error", () => finish(i, 0))
          .end(body);
      }
      if (sent < total) setImmediate(tick);
    };
    tick();
  });
  agent.destroy();
  return { latencies: latencies.subarray(0, total), statuses: statuses.subarray(0, total), errors, maxSendLagMs };
}
