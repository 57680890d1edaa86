import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { synthDeployAccess } from "./synth-deploy-access.js";

type Statement = { Action: string | string[]; Condition?: Record<string, Record<string, unknown>>; Principal?: unknown; Resource?: unknown };
type Template = ReturnType<typeof synthDeployAccess>;

const SUB = "token.actions.githubusercontent.com:sub";

/** Each role's logical id prefix → its trust statements and the statements of its policy. */
function roles(template: Template) {
  const found = template.findResources("AWS::IAM::Role");
  const policies = Object.values(template.findResources("AWS::IAM::Policy"));
  return Object.fromEntries(
    Object.entries(found).map(([id, role]) => {
      const name = id.replace(/Role[0-9A-F]{8}$/, "");
      const statements = policies
        .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(id))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
      return [name, { trust: role.Properties.AssumeRolePolicyDocument.Statement as Statement[], statements }];
    }),
  );
}

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
const resourcesOf = (statements: Statement[], action: string) =>
  JSON.stringify(statements.filter((s) => [s.Action].flat().includes(action)).map((s) => s.Resource));

describe("DeployAccessStack", () => {
  const template = synthDeployAccess();
  const byRole = roles(template);

  it("has one role per job kind: deploy per environment, image publish, read-only", () => {
    expect(Object.keys(byRole).sort()).toEqual(["DeployDev", "DeployProd", "ImagePublish", "ReadOnly"]);
  });

  it("trusts each role to exactly one GitHub environment, never a branch or a pull request", () => {
    const subjects = Object.fromEntries(Object.entries(byRole).map(([name, role]) => {
      expect(role.trust).toHaveLength(1);
      expect(role.trust[0]!.Action).toBe("sts:AssumeRoleWithWebIdentity");
      expect(role.trust[0]!.Condition!.StringEquals!["token.actions.githubusercontent.com:aud"]).toBe("sts.amazonaws.com");
      return [name, role.trust[0]!.Condition!.StringEquals![SUB]];
    }));
    expect(subjects).toEqual({
      DeployDev: "repo:acme/platform:environment:dev",
      DeployProd: "repo:acme/platform:environment:prod",
      ImagePublish: "repo:acme/platform:environment:images",
      ReadOnly: "repo:acme/platform:environment:ops",
    });
    expect(JSON.stringify(Object.values(byRole).map((role) => role.trust))).not.toMatch(/pull_request|ref:refs|\*|StringLike/);
  });

  it("lets only the prod deploy role reach prod's CDK deploy role, and each deploy role only its own", () => {
    expect(resourcesOf(byRole.DeployProd!.statements, "sts:AssumeRole")).toMatch(/cdk-sumprod-deploy-role-/);
    expect(resourcesOf(byRole.DeployProd!.statements, "sts:AssumeRole")).not.toContain("sumdev");
    expect(resourcesOf(byRole.DeployDev!.statements, "sts:AssumeRole")).toMatch(/cdk-sumdev-deploy-role-/);
    expect(resourcesOf(byRole.DeployDev!.statements, "sts:AssumeRole")).not.toContain("sumprod");
    for (const name of ["ImagePublish", "ReadOnly"]) {
      expect([name, resourcesOf(byRole[name]!.statements, "sts:AssumeRole")]).not.toEqual([name, expect.stringMatching(/-(deploy|file-publishing)-role-/)]);
    }
  });

  it("gives the read-only role reads only: stack outputs, gateway secrets, the recorded commits, the CDK lookup roles", () => {
    const actions = actionsOf(byRole.ReadOnly!.statements);
    expect(actions.filter((action) => !/:(Get|Describe|Decrypt|AssumeRole$)/.test(action))).toEqual([]);
    expect(resourcesOf(byRole.ReadOnly!.statements, "sts:AssumeRole")).toMatch(/cdk-sumdev-lookup-role-.*cdk-sumprod-lookup-role-/);
    expect(resourcesOf(byRole.ReadOnly!.statements, "ssm:GetParameter")).toContain("parameter/sum-platform/*/gateway-config-commit");
  });

  it("lets the image-publish role push to the one image repository and do nothing else", () => {
    const actions = actionsOf(byRole.ImagePublish!.statements);
    expect(actions).toContain("ecr:PutImage");
    expect(actions.filter((action) => !action.startsWith("ecr:"))).toEqual([]);
    const scoped = byRole.ImagePublish!.statements.filter((s) => s.Resource !== "*");
    expect(JSON.stringify(scoped.map((s) => s.Resource))).toMatch(/ImagesRepository/);
    expect(byRole.ImagePublish!.statements.filter((s) => s.Resource === "*").flatMap((s) => [s.Action].flat())).toEqual(["ecr:GetAuthorizationToken"]);
  });

  it("lets each deploy role read its own environment's gateway secret and record its own gateway commit", () => {
    expect(resourcesOf(byRole.DeployProd!.statements, "secretsmanager:GetSecretValue")).toContain(":secret:sum-platform/prod/gateway-secret-??????");
    expect(resourcesOf(byRole.DeployProd!.statements, "ssm:PutParameter")).toContain("parameter/sum-platform/prod/gateway-config-commit");
    expect(resourcesOf(byRole.DeployDev!.statements, "secretsmanager:GetSecretValue")).not.toContain("prod");
  });

  it("takes the repository from its required prop, and refuses names that would widen or break the trust", () => {
    const other = roles(synthDeployAccess({ githubRepository: "other-org/sum" }));
    expect(other.DeployProd!.trust[0]!.Condition!.StringEquals![SUB]).toBe("repo:other-org/sum:environment:prod");
    expect(() => synthDeployAccess({ githubRepository: "acme/*" })).toThrow(/owner\/name/);
    expect(() => synthDeployAccess({ githubRepository: "acme" })).toThrow(/owner\/name/);
    expect(() => synthDeployAccess({ deployEnvironments: [] })).toThrow(/at least one/);
    expect(() => synthDeployAccess({ readOnlyEnvironment: "ops*" })).toThrow(/plain name/);
    expect(() => synthDeployAccess({ deployEnvironments: [{ name: "dev", cdkQualifier: "Dev-1" }] })).toThrow(/qualifier/);
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
    expect(roles(reused).ReadOnly!.trust[0]!.Principal).toEqual({ Federated: arn });
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

  it("lets each deploy role replace only its own environment's canary key, by exact name, with nothing else that writes secrets", () => {
    for (const [role, env, other] of [
      ["DeployDev", "dev", "prod"],
      ["DeployProd", "prod", "dev"],
    ] as const) {
      const writes = byRole[role]!.statements.filter((s) => [s.Action].flat().includes("secretsmanager:PutSecretValue"));
      expect(writes).toHaveLength(1);
      expect(writes[0]!.Action).toEqual(["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"]);
      expect(JSON.stringify(writes[0]!.Resource)).toMatch(new RegExp(`:secret:sum-platform/${env}/smoke-test-api-key-\\?{6}"`));
      expect(JSON.stringify(writes[0]!.Resource)).not.toContain(other);
      expect(writes[0]!.Condition).toBeUndefined();
    }
    // The canary key uses Secrets Manager's AWS managed key, so the write needs no KMS right, and none is given.
    const kmsActions = Object.values(byRole).flatMap((role) => actionsOf(role.statements)).filter((a) => a.startsWith("kms:"));
    expect([...new Set(kmsActions)]).toEqual(["kms:Decrypt"]);
  });

  it("grants no wildcard action and no secret write but the canary key's", () => {
    const actions = Object.values(byRole).flatMap((role) => actionsOf(role.statements));
    expect(actions.filter((action) => action.includes("*"))).toEqual([]);
    expect(actions.filter((action) => /secretsmanager:(Put|Update|Rotate|Delete|Create|Restore|Tag|Untag)/.test(action))).toEqual([
      "secretsmanager:PutSecretValue",
      "secretsmanager:PutSecretValue",
    ]);
    expect(actionsOf(byRole.ReadOnly!.statements).filter((action) => action.includes("Put"))).toEqual([]);
    const decrypts = Object.values(byRole).flatMap((role) => role.statements.filter((s) => s.Action === "kms:Decrypt"));
    for (const decrypt of decrypts) expect(decrypt.Condition!.StringEquals).toHaveProperty("kms:ViaService");
  });

  it("outputs every role ARN the workflows need", () => {
    for (const output of ["DeployRoleArnDev", "DeployRoleArnProd", "ImagePublishRoleArn", "ReadOnlyRoleArn", "ImageRepositoryUri"]) {
      template.hasOutput(output, {});
    }
  });
});
