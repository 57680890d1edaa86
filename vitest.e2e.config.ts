import { defineConfig } from "vitest/config";

/**
 * End-to-end suite against a running gateway (`npm run test:e2e`), outside
 * `npm test`. Needs E2E_GATEWAY_URL, E2E_API_KEY and E2E_UPSTREAM_URL.
 */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/e2e/support/global-setup.ts"],
    // One file at a time, tests in order: they share one consumer's quota.
    fileParallelism: false,
    // The rate-limit test may wait out one minute window before it starts.
    testTimeout: 150_000,
    hookTimeout: 30_000,
  },
});
