import { request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { startLoadProcess } from "./load-process.js";
import { overloadFigures, type OverloadFigures } from "./overload-figures.js";
import { rssMb } from "./processes.js";

const WARMUP_SECONDS = 1;
const PEAK_SECONDS = 4;
const OVERLOAD_SECONDS = 6;
/** Connections of the closed-loop peak: enough to keep the one request thread busy, without a queue. */
const PEAK_CONNECTIONS = { max: 4, small: 50 };
/** As the load balancer does, the open-loop generator opens a connection per request in flight, up to this. */
const OVERLOAD_CONNECTIONS = 1_000;
const REQUEST_TIMEOUT_MS = 5_000;
const UPLOADS = 1_000;
const UPLOAD_SECONDS = 3;
const PROBE_INTERVAL_MS = 100;

/** The same open loop against bare node:http answering every request 503 at once, and its worst fresh-connection probe. */
export type RefusingRun = { figures: OverloadFigures; freshProbeMaxMs: number };
export type OverloadRun = { peakPerSecond: number; figures: OverloadFigures; freshHealthMaxMs: number; refusing?: RefusingRun };
export type OverloadResult = { max: OverloadRun; small: OverloadRun; uploadsRssMb: number };

/**
 * The overload scenario against a running service: for maximum-size and small requests, the peak
 * rate of 200s (closed loop), then twice that offered open loop, while this process times GET
 * /health on a fresh connection every 100 ms, as the load balancer's check does; then the
 * service's resident memory with 1,000 maximum-size uploads in flight. The load comes from a
 * child process. Takes about 40 s.
 */
export async function measureOverload(port: number, pid: number | undefined, { refusingPort }: { refusingPort?: number } = {}): Promise<OverloadResult> {
  const generator = await startLoadProcess();
  try {
    const runs = {} as Record<"max" | "small", OverloadRun>;
    for (const body of ["max", "small"] as const) {
      const connections = PEAK_CONNECTIONS[body];
      await generator.closed({ port, body, seconds: WARMUP_SECONDS, connections });
      const peak = await generator.closed({ port, body, seconds: PEAK_SECONDS, connections });
      const peakPerSecond = peak.okRps;
      const rate = Math.round(2 * peakPerSecond);
      const probes = probeFreshHealth(port);
      const run = await generator.open({ port, body, seconds: OVERLOAD_SECONDS, rate, connections: OVERLOAD_CONNECTIONS, timeoutMs: REQUEST_TIMEOUT_MS });
      const health = await probes.stop();
      const figures = overloadFigures(run, OVERLOAD_SECONDS);
      runs[body] = { peakPerSecond, figures, freshHealthMaxMs: Math.max(...health) };
      const label = body === "max" ? "maximum-size requests (10,000 numbers)" : "small requests (10 numbers)";
      console.log(`\n${label}: peak ${peakPerSecond.toFixed(0)} 200s/s (closed loop, ${connections} connections)`);
      console.log(
        `  at 2x, ${rate} req/s asked open loop for ${OVERLOAD_SECONDS} s (${(figures.total / OVERLOAD_SECONDS).toFixed(0)} sent): goodput ${figures.goodputPerSecond.toFixed(0)}/s (${((100 * figures.goodputPerSecond) / peakPerSecond).toFixed(0)}% of peak), ` +
          `${figures.answeredWithin2s} of ${figures.total} answered within 2 s, 503s ${figures.sheds} (p99 ${figures.shedP99Ms.toFixed(2)} ms), other answers ${figures.otherAnswers}, unanswered ${figures.unanswered}`,
      );
      const failed = health.filter((ms) => ms === Infinity).length;
      console.log(
        `  fresh-connection GET /health: worst ${Math.max(...health).toFixed(0)} ms over ${health.length} probes (${failed} failed); ` +
          `the generator sent at worst ${run.maxSendLagMs.toFixed(0)} ms late (large: it, not the service, set the pace)`,
      );
      if (refusingPort !== undefined && body === "small") {
        // What the fastest refusal node:http can give makes of the same load: the machine's ceiling.
        const refusingProbes = probeFreshHealth(refusingPort, () => true);
        const refusingRun = await generator.open({ port: refusingPort, body, seconds: OVERLOAD_SECONDS, rate, connections: OVERLOAD_CONNECTIONS, timeoutMs: REQUEST_TIMEOUT_MS });
        const freshProbeMaxMs = Math.max(...(await refusingProbes.stop()));
        const refusing = overloadFigures(refusingRun, OVERLOAD_SECONDS);
        runs[body].refusing = { figures: refusing, freshProbeMaxMs };
        console.log(
          `  the same ${rate} req/s against bare node:http answering every request 503 at once: ${refusing.answeredWithin2s} of ${refusing.total} answered within 2 s, ` +
            `503 p99 ${refusing.shedP99Ms.toFixed(2)} ms, unanswered ${refusing.unanswered}, fresh-connection request worst ${freshProbeMaxMs.toFixed(0)} ms`,
        );
      }
    }

    const rssBefore = rssMb(pid);
    let uploadsRssMb = rssBefore;
    const sampler = setInterval(() => (uploadsRssMb = Math.max(uploadsRssMb, rssMb(pid))), 50);
    const uploads = await generator.closed({ port, body: "max", seconds: UPLOAD_SECONDS, connections: UPLOADS }).finally(() => clearInterval(sampler));
    console.log(
      `\n${UPLOADS} concurrent maximum-size uploads for ${UPLOAD_SECONDS} s: peak RSS ${uploadsRssMb.toFixed(0)} MB (${rssBefore.toFixed(0)} MB before); ` +
        `200s ${uploads.total - uploads.non2xx}, other answers ${uploads.non2xx}, errors ${uploads.errors}`,
    );
    return { ...runs, uploadsRssMb };
  } finally {
    generator.stop();
  }
}

/** GET /health on a new connection every 100 ms until stopped; each latency in ms (Infinity: failed, or an answer `answered` refuses). */
function probeFreshHealth(port: number, answered: (status: number | undefined) => boolean = (status) => status === 200) {
  const latencies: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      const ok = await new Promise<boolean>((resolve) => {
        const req = request({ host: "127.0.0.1", port, path: "/health", agent: false, timeout: REQUEST_TIMEOUT_MS }, (res) => {
          res.resume();
          res.on("end", () => resolve(answered(res.statusCode)));
        });
        req.on("timeout", () => req.destroy());
        req.on("error", () => resolve(false));
        req.end();
      });
      latencies.push(ok ? performance.now() - started : Infinity);
      await sleep(PROBE_INTERVAL_MS);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return latencies;
    },
  };
}
