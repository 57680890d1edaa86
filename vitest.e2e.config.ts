import { defineConfig } from "vitest/config";
import { planE2e, readE2eEnv } from "./test/e2e/support/e2e-env.js";

/** Files whose checks this run's target cannot hold; global-setup says which and why, or stops the run. */
function excludedFiles(): readonly string[] {
  try {
    return planE2e(readE2eEnv(process.env)).excludedFiles;
  } catch {
    return [];
  }
}

/**
 * End-to-end suite against a running gateway (`npm run test:e2e`), outside
 * `npm test`. Its variables are listed in test/e2e/support/e2e-env.ts.
 */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    exclude: [...excludedFiles()],
    environment: "node",
    globalSetup: ["test/e2e/support/global-setup.ts"],
    // One file at a time, tests in order, in one module graph: they share one
    // consumer's quota and one keyed-request budget.
    fileParallelism: false,
    isolate: false,
    // The rate-limit test may wait out one minute window before it starts.
    testTimeout: 150_000,
    hookTimeout: 30_000,
  },
});
