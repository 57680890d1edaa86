// npm run bench:compare -- <a.js> <b.js>: two builds of the service under equal load at the same
// time (one autocannon per server, 25 connections each), printing the CPU time per request of each
// process round by round, and each one's resident memory at the end. A slow moment of the machine
// hits both alike, so two copies of one build agree within ~2%, where runs one after the other can
// differ by 20%. Build each side with `npm run build` and copy dist/server.js away first.
import { BENCH_SECRET, SUM_BODY } from "./sum-request.js";
import { load } from "./load.js";
import { containerCommand } from "./container-command.js";
import { cpuSeconds, freePort, rssMb, startNode } from "./processes.js";

const ROUNDS = 6;
const ROUND_SECONDS = 4;

const scripts = process.argv.slice(2);
if (scripts.length !== 2) {
  console.error("usage: npm run bench:compare -- <a.js> <b.js>");
  process.exit(2);
}
const container = containerCommand();
const sides = await Promise.all(
  scripts.map(async (script) => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const env = { METRICS_PORT: String(metricsPort), GATEWAY_SECRET: BENCH_SECRET, NODE_ENV: "production", NODE_OPTIONS: container.nodeOptions };
    return { script, port, child: await startNode(script, env, port, "/health", container.nodeArgs), perRound: [] as number[], cpu: 0, requests: 0 };
  }),
);
try {
  const headers = { "x-gateway-secret": BENCH_SECRET };
  await Promise.all(sides.map((side) => load(side.port, SUM_BODY, headers, 2, 25)));
  for (let round = 0; round < ROUNDS; round++) {
    const before = sides.map((side) => cpuSeconds(side.child.pid));
    const results = await Promise.all(sides.map((side) => load(side.port, SUM_BODY, headers, ROUND_SECONDS, 25)));
    sides.forEach((side, i) => {
      const cpu = cpuSeconds(side.child.pid) - before[i]!;
      side.cpu += cpu;
      side.requests += results[i]!.total;
      side.perRound.push((cpu * 1e6) / results[i]!.total);
    });
  }
  for (const side of sides) {
    const rounds = side.perRound.map((us) => us.toFixed(1)).join(" ");
    console.log(`${side.script}: ${((side.cpu * 1e6) / side.requests).toFixed(1)} us CPU per request (rounds: ${rounds}), RSS after ${rssMb(side.child.pid).toFixed(0)} MB`);
  }
  const [a, b] = sides.map((side) => side.cpu / side.requests);
  console.log(`b/a: ${(b! / a!).toFixed(3)}`);
} finally {
  for (const side of sides) side.child.kill("SIGTERM");
}
