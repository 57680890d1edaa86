import { planE2e, readE2eEnv } from "./e2e-env.js";

/**
 * Stops the run before any test when the suite has nowhere to point (one
 * line, exit code 1), and says which checks this target leaves out and why.
 */
export default function setup(): void {
  try {
    const env = readE2eEnv(process.env);
    const plan = planE2e(env);
    console.warn(`e2e: target ${env.target}, ${env.gatewayUrl}, at most ${env.keyedRequestBudget} keyed requests`);
    for (const line of plan.leftOut) console.warn(`e2e: not run here: ${line}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
