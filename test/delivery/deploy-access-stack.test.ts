import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { synthDeployAccess } from "./synth-deploy-access.js";

type Statement = { Action: string | string[]; Condition?: Record<string, Record<string, unknown>>; Principal?: unknown; Resource?: unknown };

function trustStatements(template: ReturnType<typeof synthDeployAccess>): Statement[] {
  const roles = Object.values(template.findResources("AWS::IAM::Role"));
  expect(roles).toHaveLength(1);
  return roles[0]!.Properties.AssumeRolePolicyDocument.Statement as Statement[];
}

function policyStatements(template: ReturnType<typeof synthDeployAccess>): Statement[] {
  return Object.values(template.findResources("AWS::IAM::Policy")).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
  );
}

describe("DeployAccessStack", () => {
  const template = synthDeployAccess();

  it("trusts only GitHub's audience and the exact main-branch and environment subjects", () => {
    const [statement, ...others] = trustStatements(template);
    expect(others).toHaveLength(0);
    expect(statement!.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(statement!.Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": [
          "repo:example-org/sum-platform:ref:refs/heads/main",
          "repo:example-org/sum-platform:environment:dev",
          "repo:example-org/sum-platform:environment:prod",
        ],
      },
    });
    expect(JSON.stringify(statement)).not.toMatch(/pull_request|\*/);
  });

  it("takes the repository from context, so the real name never lives in the code", () => {
    const [statement] = trustStatements(synthDeployAccess({ githubRepository: "acme/platform" }));
    const subjects = statement!.Condition!.StringEquals!["token.actions.githubusercontent.com:sub"];
    expect(subjects).toEqual([
      "repo:acme/platform:ref:refs/heads/main",
      "repo:acme/platform:environment:dev",
      "repo:acme/platform:environment:prod",
    ]);
  });

  it("refuses a repository or environment that would widen or break the trust", () => {
    expect(() => synthDeployAccess({ githubRepository: "acme/*" })).toThrow(/owner\/name/);
    expect(() => synthDeployAccess({ githubRepository: "acme" })).toThrow(/owner\/name/);
    expect(() => synthDeployAccess({ deployEnvironments: [] })).toThrow(/environments/);
    expect(() => synthDeployAccess({ deployBranch: "release/*" })).toThrow(/branch/);
  });

  it("creates the OIDC provider once, or reuses the account's existing one", () => {
    template.resourceCountIs("AWS::IAM::OIDCProvider", 1);
    template.hasResourceProperties("AWS::IAM::OIDCProvider", {
      Url: "https://token.actions.githubusercontent.com",
      ClientIdList: ["sts.amazonaws.com"],
    });
    const arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const reused = synthDeployAccess({ existingOidcProviderArn: arn });
    reused.resourceCountIs("AWS::IAM::OIDCProvider", 0);
    expect(trustStatements(reused)[0]!.Principal).toEqual({ Federated: arn });
  });

  it("keeps service images in an immutable, scanned, self-cleaning ECR repository", () => {
    template.hasResource("AWS::ECR::Repository", {
      DeletionPolicy: "Retain",
      Properties: {
        RepositoryName: "sum-service",
        ImageTagMutability: "IMMUTABLE",
        ImageScanningConfiguration: { ScanOnPush: true },
        LifecyclePolicy: { LifecyclePolicyText: Match.stringLikeRegexp("untagged.*imageCountMoreThan") },
      },
    });
  });

  it("grants no wildcard action and reads only the environments' gateway secrets", () => {
    const statements = policyStatements(template);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((action) => action.includes("*"))).toEqual([]);
    expect(actions).not.toContain("secretsmanager:PutSecretValue");
    const secretRead = statements.find((s) => [s.Action].flat().includes("secretsmanager:GetSecretValue"));
    expect(JSON.stringify(secretRead!.Resource)).toContain(":secret:sum-platform/*/gateway-secret-??????");
    expect(secretRead!.Condition).toBeUndefined();
    const decrypt = statements.find((s) => s.Action === "kms:Decrypt");
    expect(decrypt!.Condition!.StringEquals).toHaveProperty("kms:ViaService");
  });

  it("lets the role assume only the CDK bootstrap roles", () => {
    const assume = policyStatements(template).filter((s) => [s.Action].flat().includes("sts:AssumeRole"));
    expect(assume).toHaveLength(1);
    expect(JSON.stringify(assume[0])).toContain(":role/cdk-hnb659fds-*");
  });

  it("outputs the role ARN the workflows need", () => {
    template.hasOutput("DeployRoleArn", {});
    template.hasOutput("ImageRepositoryUri", {});
  });
});
