import { defineConfig } from "vitest/config";

const cdkTests = ["test/cdk/**/*.test.ts", "test/delivery/deploy-access-stack.test.ts", "test/docs/runbook-thresholds.test.ts"];

export default defineConfig({
  test: {
    exclude: ["test/e2e/**", "node_modules/**"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // CDK synthesis is CPU-heavy; two cores are all CI has.
    maxWorkers: 2,
    globalSetup: ["test/temp-root.ts"],
    projects: [
      {
        extends: true,
        test: { name: "service", include: ["test/**/*.test.ts"], exclude: ["test/e2e/**", "node_modules/**", ...cdkTests] },
      },
      {
        extends: true,
        // The CDK tests only build and read templates: sharing one module graph per worker pays
        // aws-cdk-lib's load and the first synthesis's warm-up once per worker, not once per file.
        test: { name: "cdk", include: cdkTests, isolate: false },
      },
    ],
  },
});
