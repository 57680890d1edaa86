import { fork } from "node:child_process";
import { once } from "node:events";
import type { LoadResult } from "./load.js";
import type { LoadTask } from "./load-worker.js";
import type { OpenLoopResult } from "./open-loop.js";

/** A load generator in a child process, running one task at a time. */
export async function startLoadProcess() {
  // Structured clone, so typed arrays of latencies come back as they are.
  const child = fork(new URL("./load-worker.ts", import.meta.url), { serialization: "advanced" });
  await once(child, "spawn");
  const run = async <T>(task: LoadTask): Promise<T> => {
    const answer = once(child, "message");
    child.send(task);
    return (await answer)[0] as T;
  };
  return {
    closed: (task: Omit<Extract<LoadTask, { kind: "closed" }>, "kind">) => run<LoadResult>({ kind: "closed", ...task }),
    open: (task: Omit<Extract<LoadTask, { kind: "open" }>, "kind">) => run<OpenLoopResult>({ kind: "open", ...task }),
    stop: () => child.kill(),
  };
}
