import { describe, expect, it } from "vitest";
import { allJobs, type Job, stepsOf, workflow } from "./load-workflows.js";
import { synthDeployAccess } from "./synth-deploy-access.js";

const AWS_CREDENTIALS = "aws-actions/configure-aws-credentials@";
const access = synthDeployAccess();

/** Repository variable → the one GitHub environment the role behind it trusts, read from the stack. */
const trustedEnvironmentOf: Record<string, string> = Object.fromEntries(
  Object.values(access.toJSON().Outputs as Record<string, { Value: unknown; Description?: string }>)
    .filter((output) => output.Description?.startsWith("Repository variable "))
    .map((output) => {
      const [roleId] = (output.Value as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"];
      const role = access.toJSON().Resources[roleId] as { Properties: { AssumeRolePolicyDocument: { Statement: { Condition: { StringEquals: Record<string, string> } }[] } } };
      const subject = role.Properties.AssumeRolePolicyDocument.Statement[0]!.Condition.StringEquals["token.actions.githubusercontent.com:sub"]!;
      return [output.Description!.replace("Repository variable ", ""), subject.split(":environment:")[1]!];
    }),
);

const environmentOf = (job: Job) => (typeof job.environment === "object" ? job.environment.name : job.environment);
const variableIn = (expression: unknown) => /^\$\{\{ vars\.(\w+) \}\}$/.exec(String(expression))?.[1];

describe("one identity per job kind, each behind its own environment", () => {
  it("reads the role variables from the deploy-access stack's outputs", () => {
    expect(trustedEnvironmentOf).toEqual({
      AWS_DEPLOY_ROLE_ARN_DEV: "dev",
      AWS_DEPLOY_ROLE_ARN_PROD: "prod",
      AWS_IMAGE_PUBLISH_ROLE_ARN: "images",
      AWS_READ_ONLY_ROLE_ARN: "ops",
    });
  });

  it("binds every job that assumes a role to the environment that role trusts", () => {
    const assumed: string[] = [];
    for (const [file, id, job] of allJobs()) {
      for (const step of stepsOf(job).filter((s) => s.uses?.startsWith(AWS_CREDENTIALS) && !s.with?.["role-chaining"])) {
        const role = step.with?.["role-to-assume"];
        if (role === "${{ inputs.aws-role-arn }}") continue; // checked at the callers below
        const variable = variableIn(role);
        expect([file, id, variable && trustedEnvironmentOf[variable]]).toEqual([file, id, environmentOf(job)]);
        assumed.push(variable!);
      }
    }
    for (const [id, job] of Object.entries(workflow("deploy.yml").jobs).filter(([, job]) => job.uses?.endsWith("/deploy-environment.yml"))) {
      const variable = variableIn(job.with?.["aws-role-arn"]);
      expect([id, variable && trustedEnvironmentOf[variable]]).toEqual([id, job.with?.environment]);
      assumed.push(variable!);
    }
    expect(environmentOf(workflow("deploy-environment.yml").jobs.deploy!)).toBe("${{ inputs.environment }}");
    expect(new Set(assumed)).toEqual(new Set(Object.keys(trustedEnvironmentOf)));
  });

  it("chains only into the environment's CDK lookup role, never a deploy role", () => {
    const chained = allJobs().flatMap(([, , job]) => stepsOf(job).filter((s) => s.uses?.startsWith(AWS_CREDENTIALS) && s.with?.["role-chaining"]));
    expect(chained.length).toBeGreaterThan(0);
    for (const step of chained) expect(step.with?.["role-to-assume"]).toMatch(/:role\/cdk-\$\{\{ matrix\.cdk-qualifier \}\}-lookup-role-/);
  });

  it("uses each environment's own CDK bootstrap qualifier, the one its roles may reach", () => {
    const pairs = new Set<string>();
    for (const job of Object.values(workflow("deploy.yml").jobs).filter((j) => j.with?.["cdk-qualifier"])) {
      pairs.add(`${String(job.with!.environment)} ${String(job.with!["cdk-qualifier"])}`);
    }
    const matrix = (workflow("drift-check.yml").jobs.drift!.strategy as { matrix: { include: Record<string, string>[] } }).matrix.include;
    for (const entry of matrix) pairs.add(`${entry.environment} ${entry["cdk-qualifier"]}`);
    expect([...pairs].sort()).toEqual(["dev sumdev", "prod sumprod"]);
    const policies = JSON.stringify(access.findResources("AWS::IAM::Policy"));
    expect(policies).toContain("cdk-sumdev-deploy-role-");
    expect(policies).toContain("cdk-sumprod-deploy-role-");
  });
});

describe("secrets live in environments", () => {
  it("every job that reads a secret is bound to an environment", () => {
    const readers = allJobs().filter(([, , job]) => job.steps && /secrets[.[]/.test(JSON.stringify(job)));
    expect(readers.length).toBeGreaterThan(0);
    expect(readers.filter(([, , job]) => !environmentOf(job)).map(([file, id]) => `${file}#${id}`)).toEqual([]);
  });

  it("callers hand called workflows their environment's secrets, never a repository secret by name", () => {
    const callers = allJobs().filter(([, , job]) => job.uses?.startsWith("./"));
    expect(callers.length).toBeGreaterThan(0);
    for (const [, id, job] of callers) expect([id, job.secrets]).toEqual([id, "inherit"]);
  });

  it("gives decK the Konnect token of one control plane, from secrets only", () => {
    const tokens = allJobs().flatMap(([, , job]) => stepsOf(job).map((step) => step.env?.DECK_KONNECT_TOKEN).filter(Boolean));
    expect(tokens.length).toBeGreaterThanOrEqual(6);
    for (const token of tokens) expect(String(token)).toMatch(/^\$\{\{ secrets(\.KONNECT_TOKEN|\[matrix\.konnect-token-secret\]|\[format\('KONNECT_TOKEN_\{0\}', inputs\.secret-suffix\)\]) \}\}$/);
  });
});

describe("one lane per environment", () => {
  it("deploys and gateway syncs of an environment share one concurrency group and never cancel each other", () => {
    const changers = allJobs().filter(([, , job]) => /cdk deploy|gateway sync/.test(JSON.stringify(job.steps ?? [])));
    expect(changers.map(([file]) => file).sort()).toEqual(["deploy-environment.yml", "gateway-sync.yml"]);
    for (const [file, , job] of changers) {
      expect([file, job.concurrency]).toEqual([file, { group: expect.stringMatching(/^change-\$\{\{ (inputs|matrix)\.environment \}\}$/), "cancel-in-progress": false }]);
    }
  });
});
