import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // CDK synthesis is CPU-heavy; two cores are all CI has.
    maxWorkers: 2,
    globalSetup: ["test/temp-root.ts"],
  },
});
