import { describe, expect, it } from "vitest";
import { type Job, stepIndex, stepsOf, workflow } from "./load-workflows.js";

const sync = workflow("gateway-sync.yml");
const drift = workflow("drift-check.yml");
const environments = (job: Job) => (job.strategy as { matrix: { include: { environment: string }[] } }).matrix.include.map((entry) => entry.environment);
const step = (job: Job, needle: string) => stepsOf(job)[stepIndex(job, needle)]!;
const inOrder = (job: Job, needles: string[]) => {
  const order = needles.map((needle) => stepIndex(job, needle));
  expect(order.every((index) => index >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
};

describe("daily gateway sync", () => {
  const job = sync.jobs.sync!;

  it("re-syncs every environment daily from the commit its last deploy recorded, never main", () => {
    expect(sync.on).toHaveProperty("schedule");
    expect(environments(job)).toEqual(["dev", "prod"]);
    const use = step(job, "gateway-config-commit.sh get").run!;
    expect(use).toContain('git checkout "$commit" -- kong/kong.yaml');
    expect(JSON.stringify(job)).not.toContain("deployed-image-tag");
  });

  it("waits out a fresh secret version, refuses consumer removals, syncs, then smoke-tests", () => {
    inOrder(job, ["gateway-config-commit.sh get", "export-gateway-env.sh", "--json-output", "check-gateway-removals.sh", "gateway sync", "smoke-test.sh"]);
    expect(step(job, "check-gateway-removals.sh").env).not.toHaveProperty("ALLOW_CONSUMER_REMOVAL");
  });

  it("runs in the main-only ops environment with the read-only role", () => {
    expect(job.environment).toBe("ops");
    expect(step(job, "configure-aws-credentials").with?.["role-to-assume"]).toBe("${{ vars.AWS_READ_ONLY_ROLE_ARN }}");
  });
});

describe("daily drift check", () => {
  const job = drift.jobs.drift!;

  it("checks every environment daily", () => {
    expect(drift.on).toHaveProperty("schedule");
    expect(environments(job)).toEqual(["dev", "prod"]);
  });

  it("detects out-of-band infrastructure changes with CloudFormation drift detection, not a template diff", () => {
    const run = step(job, "cdk drift").run!;
    expect(run).toMatch(/cdk drift[\s\S]*-Networking.*-Secrets.*-Observability.*-Compute[\s\S]*--fail/);
    expect(run).toContain("@aws-cdk/core:bootstrapQualifier=$CDK_QUALIFIER");
    expect(JSON.stringify(job)).not.toContain("cdk diff");
    // Drift detection reads every resource: it runs as the lookup role, reached after the gateway check.
    inOrder(job, ["export-gateway-env.sh", "gateway diff", "role-chaining", "cdk drift"]);
  });

  it("detects gateway drift against the recorded commit's kong.yaml, failing on any difference", () => {
    inOrder(job, ["gateway-config-commit.sh get", "gateway diff"]);
    expect(step(job, "gateway diff").run).toMatch(/deck\.sh gateway diff --non-zero-exit-code kong\/kong\.yaml 2>&1 \| tee deck-diff\.txt/);
  });

  it("runs both checks even when the first fails, and reports what drifted in the summary", () => {
    expect(step(job, "role-chaining").if).toBe("success() || failure()");
    expect(step(job, "cdk drift").if).toBe("success() || failure()");
    const report = step(job, "GITHUB_STEP_SUMMARY");
    expect(report.if).toBe("failure()");
    expect(report.run).toMatch(/::error::[\s\S]*cdk-drift\.txt deck-diff\.txt/);
  });
});
