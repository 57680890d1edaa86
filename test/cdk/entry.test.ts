import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const entry = new URL("../../cdk/bin/platform.ts", import.meta.url).pathname;
/** The CLI merges cdk.json's feature flags into the context it hands the entry. */
const cdkJsonContext = (JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as { context: Record<string, unknown> })
  .context;

/** Runs the CDK entry the way the CLI does: context as CDK_CONTEXT_JSON, output to CDK_OUTDIR. */
async function synthEntry(context: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), "cdk-entry-"));
  const { stderr } = await run(process.execPath, ["--import", "tsx", entry], {
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext, ...context }), CDK_OUTDIR: outdir, CDK_VALIDATION: "false" },
  });
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    artifacts: Record<string, { type: string; environment?: string; properties?: { terminationProtection?: boolean } }>;
  };
  const stackArtifacts = Object.entries(manifest.artifacts).filter(([, a]) => a.type === "aws:cloudformation:stack");
  const stacks = stackArtifacts.map(([name]) => name);
  const template = (name: string) => readFileSync(join(outdir, `${name}.template.json`), "utf8");
  return { stacks, template, artifacts: Object.fromEntries(stackArtifacts), stderr };
}

describe("cdk entry", () => {
  it("builds the environment and image tag named in context, with deploy-time overrides", async () => {
    const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-1111-1111-1111-111111111111";
    const { stacks, template, artifacts } = await synthEntry({
      env: "prod",
      imageTag: "0123abc",
      certificateArn,
      originDomainName: "origin.example.com",
      alarmEmail: "oncall@example.com",
      githubRepository: "acme/platform",
    });
    expect(stacks.sort()).toEqual([
      "SumPlatform-DeployAccess",
      "SumPlatform-Prod-Compute",
      "SumPlatform-Prod-Networking",
      "SumPlatform-Prod-Observability",
      "SumPlatform-Prod-Secrets",
    ]);
    const compute = template("SumPlatform-Prod-Compute");
    expect(compute).toContain("/sum-service:0123abc");
    expect(compute).toContain(certificateArn);
    expect(compute).toContain("https://origin.example.com");
    expect(template("SumPlatform-Prod-Observability")).toContain("oncall@example.com");
    expect(template("SumPlatform-DeployAccess")).toContain("repo:acme/platform:environment:prod");
    for (const artifact of Object.values(artifacts)) {
      // Pinned to the configured region, account-agnostic, and protected from deletion in prod.
      expect(artifact.environment).toBe("aws://unknown-account/eu-west-1");
      expect(artifact.properties?.terminationProtection).toBe(true);
    }
  });

  it("defaults to dev and the latest tag, and leaves the deploy access out without a repository to trust", async () => {
    const { stacks, template, artifacts, stderr } = await synthEntry({});
    expect(stacks).toContain("SumPlatform-Dev-Compute");
    expect(stacks).not.toContain("SumPlatform-DeployAccess");
    expect(stderr).toContain("SumPlatform-DeployAccess left out: pass -c githubRepository=<owner>/<name>");
    expect(artifacts["SumPlatform-Dev-Compute"]!.properties?.terminationProtection).toBeFalsy();
    expect(template("SumPlatform-Dev-Compute")).toContain("/sum-service:latest");
  });

  it("refuses an unknown environment, naming the known ones", async () => {
    await expect(synthEntry({ env: "staging" })).rejects.toThrow(/Unknown environment "staging".*Known: dev, prod/s);
  });
});
