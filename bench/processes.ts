import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts `node <nodeArgs> <script>` on 127.0.0.1:<port> (output discarded) and waits until it accepts. */
export async function startNode(
  script: string,
  env: Record<string, string>,
  port: number,
  probePath: string,
  nodeArgs: readonly string[] = [],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { PATH: process.env.PATH, HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    const up = await fetch(`http://127.0.0.1:${port}${probePath}`).then(
      () => true,
      () => false,
    );
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`${script} did not start on port ${port}`);
}

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** CPU time (user + system) a process has used so far, in seconds (Linux /proc). */
export function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU time in clock ticks: all of it, and the part a hypervisor gave to other guests (steal). */
export interface MachineTicks {
  total: number;
  steal: number;
}

/** Reads the machine-wide `cpu` line of a Linux /proc/stat text. */
export function parseMachineTicks(procStat: string): MachineTicks {
  const line = procStat.split("\n").find((candidate) => candidate.startsWith("cpu "));
  if (!line) throw new Error("/proc/stat has no cpu line");
  // user nice system idle iowait irq softirq steal (guest time is already counted in user)
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: fields.reduce((sum, ticks) => sum + ticks, 0), steal: fields[7] ?? 0 };
}

/**
 * The whole machine's CPU time so far. On a shared VM, steal during a run says the machine, not
 * the code, was slow.
 */
export function machineTicks(): MachineTicks {
  return parseMachineTicks(readFileSync("/proc/stat", "utf8"));
}

/** The share of the machine's CPU time the hypervisor took between two readings, in percent. */
export function stealPercent(before: MachineTicks, after: MachineTicks): number {
  return after.total === before.total ? 0 : (100 * (after.steal - before.steal)) / (after.total - before.total);
}
