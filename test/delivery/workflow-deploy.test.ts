import { describe, expect, it } from "vitest";
import { allJobs, type Job, stepIndex, stepsOf, workflow } from "./load-workflows.js";

const deploy = workflow("deploy.yml");
const deployEnvironment = workflow("deploy-environment.yml");
const plan = workflow("plan-environment.yml");
const apply = deployEnvironment.jobs.deploy!;
const runOf = (job: Job, needle: string) => stepsOf(job)[stepIndex(job, needle)]!.run!;
const inOrder = (job: Job, needles: string[]) => {
  const order = needles.map((needle) => stepIndex(job, needle));
  expect(order.every((index) => index >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
};

describe("deploy workflow: only what CI passed", () => {
  it("starts when CI completes on main, or by hand; never on a push or a pull request", () => {
    expect(Object.keys(deploy.on).sort()).toEqual(["workflow_dispatch", "workflow_run"]);
    expect(deploy.on.workflow_run).toEqual({ workflows: ["CI"], types: ["completed"], branches: ["main"] });
    expect(workflow("ci.yml").text).toMatch(/^name: CI$/m);
  });

  it("goes on only after CI succeeded on a push to this repository, for the commit CI tested", () => {
    const gate = deploy.jobs.commit!;
    expect(gate.if).toContain("github.event.workflow_run.conclusion == 'success'");
    expect(gate.if).toContain("github.event.workflow_run.event == 'push'");
    expect(gate.if).toContain("github.event.workflow_run.head_repository.full_name == github.repository");
    const choose = stepsOf(gate)[stepIndex(gate, "choose-deploy-commit.sh")]!;
    expect(choose.env).toEqual({ CI_COMMIT: "${{ github.event.workflow_run.head_sha }}", REQUESTED_COMMIT: "${{ inputs.commit }}" });
    expect(stepsOf(gate).find((step) => step.uses?.startsWith("actions/checkout@"))!.with).toMatchObject({ "fetch-depth": 0 });
    expect(gate.steps![0]).toMatchObject({ if: "github.ref != 'refs/heads/main'", run: expect.stringContaining("exit 1") });
    for (const id of ["publish", "deploy-dev", "plan-prod", "deploy-prod"]) {
      expect([id, [deploy.jobs[id]!.needs].flat()]).toEqual([id, expect.arrayContaining(["commit"])]);
    }
  });

  it("ships nothing when the commit chooser says main has moved on", () => {
    expect(deploy.jobs.publish!.if).toBe("needs.commit.outputs.deploy == 'true'");
    expect(deploy.jobs.commit!.outputs).toEqual({ sha: "${{ steps.commit.outputs.sha }}", deploy: "${{ steps.commit.outputs.deploy }}" });
  });

  it("promotes the image CI built and scanned, never building one itself", () => {
    const publish = deploy.jobs.publish!;
    expect(allJobs().filter(([file, , job]) => file !== "ci.yml" && stepIndex(job, "docker/build-push-action") >= 0)).toEqual([]);
    const download = stepsOf(publish).find((step) => step.uses?.startsWith("actions/download-artifact@"))!;
    expect(download.with).toMatchObject({ name: "sum-service-image", "run-id": "${{ github.event.workflow_run.id }}" });
    expect(runOf(publish, "docker load")).toMatch(/docker image inspect --format '\{\{\.Id\}\}'[\s\S]*image\/id/);
    inOrder(publish, ["download-artifact", "docker load", "docker push", "imageDigest"]);
    const ci = workflow("ci.yml").jobs.image!;
    inOrder(ci, ["trivy-action", "docker save", "upload-artifact"]);
    expect(stepsOf(ci).find((step) => step.uses?.startsWith("actions/upload-artifact@"))!.with).toMatchObject({ name: "sum-service-image" });
  });

  it("lets a manual run deploy only a commit whose image CI already published", () => {
    const refuse = stepsOf(deploy.jobs.publish!).find((step) => step.if?.includes("workflow_dispatch"))!;
    expect(refuse.if).toContain("steps.existing.outputs.exists != 'true'");
    expect(refuse.run).toContain("exit 1");
  });

  it("deploys dev, then plans prod, then applies prod after both", () => {
    expect(deploy.jobs["deploy-dev"]).toMatchObject({ uses: "./.github/workflows/deploy-environment.yml", with: { environment: "dev" } });
    expect(deploy.jobs["plan-prod"]).toMatchObject({ uses: "./.github/workflows/plan-environment.yml", with: { environment: "prod" } });
    expect(deploy.jobs["deploy-prod"]).toMatchObject({ uses: "./.github/workflows/deploy-environment.yml", with: { environment: "prod" } });
    expect(deploy.jobs["plan-prod"]!.if).toContain("needs.deploy-dev.result == 'success'");
    expect(deploy.jobs["deploy-prod"]!.needs).toEqual(expect.arrayContaining(["deploy-dev", "plan-prod"]));
    expect(deploy.jobs["deploy-prod"]!.if).toContain("needs.plan-prod.result == 'success'");
  });
});

describe("prod plan: reviewers see the diff before they approve", () => {
  const job = plan.jobs.plan!;

  it("diffs every stack and the gateway, read-only, and writes both to the run summary", () => {
    const cdk = runOf(job, "cdk diff");
    expect(cdk).toMatch(/-Networking.*-Secrets.*-Observability.*-Compute/s);
    expect(cdk).toContain("--method template");
    expect(cdk).not.toContain("--fail");
    expect(runOf(job, "gateway diff kong/kong.yaml")).toContain("deck.sh gateway diff");
    const summary = runOf(job, "GITHUB_STEP_SUMMARY");
    expect(summary).toMatch(/cat cdk-diff\.txt[\s\S]*cat deck-diff\.txt/);
    expect(JSON.stringify(job)).not.toMatch(/cdk deploy|gateway sync/);
    expect(job.environment).toBe("ops");
  });

  it("fails before approval is asked when the apply would refuse a consumer removal", () => {
    inOrder(job, ["--json-output", "GITHUB_STEP_SUMMARY", "check-gateway-removals.sh"]);
    expect(stepsOf(job)[stepIndex(job, "check-gateway-removals.sh")]!.env).toEqual({
      ALLOW_CONSUMER_REMOVAL: "${{ inputs.allow-consumer-removal }}",
    });
  });
});

describe("apply: one environment, one commit", () => {
  it("is the only job that runs cdk deploy, bound to its environment, sharing that environment's lane", () => {
    const deployers = allJobs().filter(([, , job]) => stepIndex(job, "cdk deploy") >= 0);
    expect(deployers.map(([file, id]) => `${file}#${id}`)).toEqual(["deploy-environment.yml#deploy"]);
    expect(apply).toMatchObject({
      environment: { name: "${{ inputs.environment }}" },
      concurrency: { group: "change-${{ inputs.environment }}", "cancel-in-progress": false },
    });
    expect(stepsOf(apply)[0]!.with).toMatchObject({ ref: "${{ inputs.commit }}", "fetch-depth": 0 });
  });

  it("deploys the commit's content with the pipeline's own scripts, so a rollback to an older commit still runs them", () => {
    for (const job of [apply, plan.jobs.plan!]) {
      expect(stepsOf(job)[1]!.run).toBe('git checkout "$GITHUB_SHA" -- .github/scripts .github/images');
      expect(stepsOf(job).findIndex((step) => step.run?.includes(".github/scripts/"))).toBeGreaterThan(1);
    }
  });

  it("deploys the four stacks in order with the commit's image, the environment's bootstrap qualifier and no prompt", () => {
    const run = runOf(apply, "cdk deploy");
    expect(run).toMatch(/-Networking.*-Secrets.*-Observability.*-Compute/s);
    for (const flag of ["imageTag=$COMMIT", "env=$DEPLOY_ENV", "@aws-cdk/core:bootstrapQualifier=$CDK_QUALIFIER", "--require-approval never", "--outputs-file cdk-outputs.json"]) {
      expect(run).toContain(flag);
    }
  });

  it("diffs, guards consumers, syncs, records the commit, smoke-tests, then runs the e2e suite on the real gateway", () => {
    inOrder(apply, ["cdk deploy", "export-gateway-env.sh", "--json-output", "check-gateway-removals.sh", "gateway sync", "gateway-config-commit.sh put", "smoke-test.sh", "npm run test:e2e"]);
    expect(runOf(apply, "gateway-config-commit.sh put")).toContain('put "$DEPLOY_ENV" "$COMMIT"');
  });

  it("gives the outside canary the smoke-test key after the gateway sync, under the deploy role, from the environment's secret only", () => {
    inOrder(apply, ["aws-actions/configure-aws-credentials", "deck.sh gateway sync", "put-canary-key.sh", "smoke-test.sh"]);
    const step = stepsOf(apply)[stepIndex(apply, "put-canary-key.sh")]!;
    expect(step.run).toBe('.github/scripts/put-canary-key.sh "$DEPLOY_ENV"');
    expect(step.env).toEqual({ SMOKE_TEST_API_KEY: "${{ secrets.SMOKE_TEST_API_KEY }}" });
    expect(step.run).not.toMatch(/echo|set -x|\$\{\{/);
  });

  it("points the e2e suite at the environment's public gateway with the smoke-test key and its request budget", () => {
    const e2e = stepsOf(apply)[stepIndex(apply, "npm run test:e2e")]!;
    expect(e2e.env).toEqual({
      E2E_TARGET: "deployed",
      E2E_GATEWAY_URL: "${{ inputs.gateway-url }}",
      E2E_API_KEY: "${{ secrets.SMOKE_TEST_API_KEY }}",
      E2E_KEYED_REQUEST_BUDGET: "${{ inputs.e2e-keyed-request-budget }}",
    });
    expect(e2e.run).toContain('E2E_UPSTREAM_URL="$DECK_UPSTREAM_URL"');
    expect(deploy.jobs["deploy-dev"]!.with!["e2e-keyed-request-budget"]).toBe("");
    const prodBudget = String(deploy.jobs["deploy-prod"]!.with!["e2e-keyed-request-budget"]);
    expect(prodBudget).toMatch(/\|\| '(\d+)' \}\}$/);
    // Below the free tier's 20 keyed calls a minute, so the canary keeps its share.
    expect(Number(/'(\d+)'/.exec(prodBudget)![1])).toBeLessThan(20);
  });

  it("lets consumer removals through only when a person started the run with allow-consumer-removal", () => {
    const guard = stepsOf(apply)[stepIndex(apply, "check-gateway-removals.sh")]!;
    expect(guard.env?.ALLOW_CONSUMER_REMOVAL).toBe("${{ inputs.allow-consumer-removal }}");
    expect(deploy.on.workflow_dispatch).toMatchObject({ inputs: { "allow-consumer-removal": { type: "boolean", default: false } } });
    for (const id of ["deploy-dev", "plan-prod", "deploy-prod"]) {
      expect(deploy.jobs[id]!.with!["allow-consumer-removal"]).toBe("${{ inputs.allow-consumer-removal == true }}");
    }
  });
});
