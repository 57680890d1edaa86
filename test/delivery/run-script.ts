import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Absolute path of a file under `.github/scripts`. */
export function deliveryScript(name: string): string {
  return fileURLToPath(new URL(`../../.github/scripts/${name}`, import.meta.url));
}

/** Directory holding the fake `aws`, `docker` and `sleep` executables, to put first on PATH. */
export const fakeBinDir = fileURLToPath(new URL("./fake-bin", import.meta.url));

/** Runs a bash script asynchronously (a test server in this process must keep answering). */
export function runScript(path: string, args: readonly string[], env: Record<string, string>, cwd?: string): Promise<ScriptResult> {
  return new Promise((resolve) => {
    execFile("bash", [path, ...args], { cwd, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
