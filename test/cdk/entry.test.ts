import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { App } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { buildPlatformFromContext, readPlatformContext } from "../../cdk/lib/platform-from-context.js";

const run = promisify(execFile);
const entry = new URL("../../cdk/bin/platform.ts", import.meta.url).pathname;
/** The CLI merges cdk.json's feature flags into the context it hands the entry. */
const cdkJsonContext = (JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as { context: Record<string, unknown> })
  .context;
/** An app as the CLI would hand the entry `context`; CDK's own template validation off, as in test/cdk/support/synth-platform.ts. */
const appWith = (context: Record<string, string>) =>
  new App({ context: { ...cdkJsonContext, ...context }, outdir: mkdtempSync(join(tmpdir(), "cdk-entry-")), builtinCloudFormationValidation: false });

describe("cdk entry", () => {
  it("runs as the CLI runs it: defaults to dev, the profile's region, a required ImageTag parameter, and no deploy access without a repository to trust", async () => {
    const outdir = mkdtempSync(join(tmpdir(), "cdk-entry-"));
    const { CDK_DEFAULT_REGION: _ignored, ...inherited } = process.env;
    const { stderr } = await run(process.execPath, ["--import", "tsx", entry], {
      env: { ...inherited, CDK_DEFAULT_REGION: "us-east-2", CDK_CONTEXT_JSON: JSON.stringify(cdkJsonContext), CDK_OUTDIR: outdir, CDK_VALIDATION: "false" },
    });
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
      artifacts: Record<string, { type: string; environment?: string; properties?: { terminationProtection?: boolean } }>;
    };
    const stacks = Object.keys(manifest.artifacts).filter((name) => manifest.artifacts[name]!.type === "aws:cloudformation:stack");
    expect(stacks.sort()).toEqual(["SumPlatform-Dev-Compute", "SumPlatform-Dev-Networking", "SumPlatform-Dev-Observability", "SumPlatform-Dev-Secrets"]);
    expect(stderr).toContain("SumPlatform-DeployAccess left out: pass -c githubRepository=<owner>/<name>");
    expect(manifest.artifacts["SumPlatform-Dev-Compute"]!.environment).toBe("aws://unknown-account/us-east-2");
    expect(manifest.artifacts["SumPlatform-Dev-Compute"]!.properties?.terminationProtection).toBeFalsy();
    const compute = readFileSync(join(outdir, "SumPlatform-Dev-Compute.template.json"), "utf8");
    const { Parameters } = JSON.parse(compute) as { Parameters: Record<string, { Default?: string; AllowedPattern: string }> };
    expect(Parameters.ImageTag).toMatchObject({ AllowedPattern: "^[0-9a-f]{7,40}$" });
    expect(Parameters.ImageTag).not.toHaveProperty("Default");
    expect(compute).toMatch(/"Ref":\s*"ImageTag"/);
    expect(compute).not.toContain(":latest");
  });

  it("builds the environment and image tag named in context, with deploy-time overrides", () => {
    const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-1111-1111-1111-111111111111";
    const app = appWith({
      env: "prod",
      imageTag: "0123abc",
      certificateArn,
      originDomainName: "origin.example.com",
      alarmEmail: "oncall@example.com",
      gatewayUrl: "https://gateway.example.com",
      githubRepository: "acme/platform",
    });
    const warnings: string[] = [];
    // The CLI without an AWS profile passes us-east-1; the certificate's region wins.
    buildPlatformFromContext(app, "us-east-1", (message) => warnings.push(message));
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual([
      "SumPlatform-DeployAccess",
      "SumPlatform-Prod-Compute",
      "SumPlatform-Prod-Networking",
      "SumPlatform-Prod-Observability",
      "SumPlatform-Prod-Secrets",
    ]);
    expect(warnings).toEqual([]);
    const template = (name: string) => JSON.stringify(assembly.getStackByName(name).template);
    const compute = template("SumPlatform-Prod-Compute");
    expect(compute).toContain("/sum-service:0123abc");
    expect(compute).toContain(certificateArn);
    expect(compute).toContain("https://origin.example.com");
    expect(template("SumPlatform-Prod-Observability")).toContain("oncall@example.com");
    expect(template("SumPlatform-Prod-Observability")).toMatch(/"GATEWAY_URL":"https:\/\/gateway\.example\.com\/"/);
    expect(template("SumPlatform-DeployAccess")).toContain("repo:acme/platform:environment:prod");
    for (const stack of assembly.stacks) {
      // Pinned to the configured region, account-agnostic, and protected from deletion in prod.
      expect(stack.environment.name, stack.stackName).toBe("aws://unknown-account/eu-west-1");
      expect(stack.terminationProtection, stack.stackName).toBe(true);
    }
  });

  it.each([
    ["-c region before the certificate's and the CLI's", { region: "eu-central-1", certificateArn: "arn:aws:acm:eu-north-1:123456789012:certificate/1" }, "us-east-2", "eu-central-1"],
    ["the certificate's before the CLI's", { certificateArn: "arn:aws:acm:eu-north-1:123456789012:certificate/1" }, "us-east-2", "eu-north-1"],
    ["the CLI's before the environment's", {}, "us-east-2", "us-east-2"],
    ["the environment's when nothing else names one", { env: "prod" }, undefined, "eu-west-1"],
  ] as const)("takes the region from %s", (_case, context, cliRegion, region) => {
    expect(readPlatformContext(appWith(context), cliRegion).config.region).toBe(region);
  });

  it("refuses an image tag that is not a commit SHA", () => {
    expect(() => buildPlatformFromContext(appWith({ imageTag: "latest" }), undefined, () => {})).toThrow(/imageTag "latest" is not a commit SHA/);
  });

  it("refuses an unknown environment, naming the known ones", () => {
    expect(() => readPlatformContext(appWith({ env: "staging" }), undefined)).toThrow(/Unknown environment "staging".*Known: dev, prod/s);
  });
});
