import { describe, expect, it } from "vitest";
import { allJobs, stepIndex, stepsOf, workflow } from "./load-workflows.js";

const deploy = workflow("deploy.yml");
const deployEnvironment = workflow("deploy-environment.yml");

describe("deploy workflow", () => {
  it("runs on pushes to main and on manual dispatch only, never for pull requests", () => {
    expect(Object.keys(deploy.on).sort()).toEqual(["push", "workflow_dispatch"]);
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    expect(deploy.jobs.image!.steps![0]).toMatchObject({ if: "github.ref != 'refs/heads/main'", run: expect.stringContaining("exit 1") });
  });

  it("deploys dev, then prod only after dev succeeded", () => {
    expect(deploy.jobs["deploy-dev"]).toMatchObject({ uses: "./.github/workflows/deploy-environment.yml", with: { environment: "dev" } });
    expect(deploy.jobs["deploy-prod"]).toMatchObject({ uses: "./.github/workflows/deploy-environment.yml", with: { environment: "prod" } });
    expect(deploy.jobs["deploy-prod"]!.needs).toContain("deploy-dev");
    expect(deploy.jobs["deploy-prod"]!.if).toContain("needs.deploy-dev.result == 'success'");
  });

  it("binds every job that runs cdk deploy to a GitHub environment, one deploy per environment at a time", () => {
    const deployers = allJobs().filter(([, , job]) => stepIndex(job, "cdk deploy") >= 0);
    expect(deployers.map(([file, id]) => `${file}#${id}`)).toEqual(["deploy-environment.yml#deploy"]);
    expect(deployEnvironment.jobs.deploy).toMatchObject({
      environment: { name: "${{ inputs.environment }}" },
      concurrency: { group: "deploy-${{ inputs.environment }}", "cancel-in-progress": false },
    });
  });

  it("deploys the four stacks in dependency order with the image tag, no prompt, and an outputs file", () => {
    const run = stepsOf(deployEnvironment.jobs.deploy!)[stepIndex(deployEnvironment.jobs.deploy!, "cdk deploy")]!.run!;
    expect(run).toMatch(/-Networking.*-Secrets.*-Observability.*-Compute/);
    for (const flag of ['imageTag=$IMAGE_TAG', "env=$DEPLOY_ENV", "--require-approval never", "--outputs-file cdk-outputs.json"]) {
      expect(run).toContain(flag);
    }
  });

  it("reads the secret, diffs, syncs, then smoke-tests through Kong, in that order", () => {
    const job = deployEnvironment.jobs.deploy!;
    const order = ["cdk deploy", "export-gateway-env.sh", "gateway diff", "gateway sync", "smoke-test.sh"].map((step) => stepIndex(job, step));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("gives decK the Konnect token only from secrets", () => {
    const deckSteps = allJobs().flatMap(([, , job]) => stepsOf(job).filter((s) => s.uses?.startsWith("docker://kong/deck:")));
    const konnect = deckSteps.filter((step) => String(step.with?.args).startsWith("gateway "));
    expect(konnect.length).toBe(4);
    for (const step of konnect) expect(step.env?.DECK_KONNECT_TOKEN).toBe("${{ secrets.KONNECT_TOKEN }}");
  });
});

describe("scheduled workflows", () => {
  it("re-sync the gateway daily from the deployed commit, diffing before syncing", () => {
    const sync = workflow("gateway-sync.yml");
    expect(sync.on).toHaveProperty("schedule");
    const job = sync.jobs.sync!;
    const order = ["deployed-image-tag.sh", "export-gateway-env.sh", "gateway diff", "gateway sync", "smoke-test.sh"].map((s) => stepIndex(job, s));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("check drift daily with a cdk diff that fails the run", () => {
    const drift = workflow("drift-check.yml");
    expect(drift.on).toHaveProperty("schedule");
    const job = drift.jobs.diff!;
    const run = stepsOf(job)[stepIndex(job, "cdk diff")]!.run!;
    expect(run).toMatch(/cdk diff[\s\S]*--fail/);
    const include = (job.strategy as { matrix: { include: { environment: string }[] } }).matrix.include;
    expect(include.map((entry) => entry.environment)).toEqual(["dev", "prod"]);
  });

  it("diff with the same CDK context keys the deploy uses, so a clean environment shows no drift", () => {
    const contextKeys = (run: string) => [...run.matchAll(/--context "(\w+)=/g)].map((m) => m[1]).sort();
    const deploy = deployEnvironment.jobs.deploy!;
    const deployRun = stepsOf(deploy)[stepIndex(deploy, "cdk deploy")]!.run!;
    const drift = workflow("drift-check.yml").jobs.diff!;
    const driftRun = stepsOf(drift)[stepIndex(drift, "cdk diff")]!.run!;
    expect(contextKeys(deployRun)).toEqual(["alarmEmail", "certificateArn", "env", "imageTag", "originDomainName"]);
    expect(contextKeys(driftRun)).toEqual(contextKeys(deployRun));
  });
});
