import { readE2eEnv } from "./e2e-env.js";

/**
 * Stops the run before any test when the suite has nowhere to point: one
 * line, exit code 1, never a silent skip.
 */
export default function setup(): void {
  try {
    readE2eEnv(process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
