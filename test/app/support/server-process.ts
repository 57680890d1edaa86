import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { containerCommand } from "../../../bench/container-command.js";

export type RunningServer = {
  child: ChildProcess;
  port: number;
  metricsPort: number;
  logs: Record<string, unknown>[];
  exit: Promise<number | null>;
};

/**
 * Builds dist/ once per test run, whichever test files need it and however many run at once: the
 * build empties dist/ first, so a second build while another file starts the bundle broke it.
 * The run's temporary directory (test/temp-root.ts) is shared by its workers and new each run.
 */
export async function buildBundleOnce(): Promise<void> {
  const built = join(tmpdir(), "bundle-built");
  if (existsSync(built)) return;
  try {
    mkdirSync(join(tmpdir(), "bundle-building"));
  } catch {
    const deadline = Date.now() + 120_000;
    while (!existsSync(built)) {
      if (Date.now() > deadline) throw new Error("the bundle was not built in time by another test file");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return;
  }
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "ignore" });
  writeFileSync(built, "");
}

/**
 * Starts the built bundle the way the container does (its node flags and NODE_OPTIONS), on
 * 127.0.0.1 with free ports, and waits until both listeners are up.
 */
export async function startBundle(env: Record<string, string> = {}): Promise<RunningServer> {
  const container = containerCommand();
  const child = spawn(process.execPath, [...container.nodeArgs, container.script], {
    env: { PATH: process.env.PATH, NODE_OPTIONS: container.nodeOptions, HOST: "127.0.0.1", PORT: "0", METRICS_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exit = once(child, "exit").then(([code]) => code as number | null);
  const logs: Record<string, unknown>[] = [];
  const ports = new Promise<{ port: number; metricsPort: number }>((resolve, reject) => {
    let port: number | undefined;
    let metricsPort: number | undefined;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === "listening") port = entry.port as number;
      if (entry.msg === "metrics listening") metricsPort = entry.port as number;
      if (port !== undefined && metricsPort !== undefined) resolve({ port, metricsPort });
    });
    void exit.then((code) => reject(new Error(`server exited early with ${code}`)));
  });
  return { child, logs, exit, ...(await ports) };
}
