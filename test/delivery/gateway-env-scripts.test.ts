import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { deliveryScript, fakeBinDir, runScript } from "./run-script.js";

const SECRET = "s3cretValueFromSecretsManager0123456789";
let dir: string;
let env: Record<string, string>;

const read = (name: string) => readFileSync(join(dir, name), "utf8");

/** The dev stacks' outputs, as CloudFormation would answer them. */
function deployedDevStacks(serviceUrl = "https://alb.example.test"): void {
  env.FAKE_SumPlatform_Dev_Compute_ServiceUrl = serviceUrl;
  env.FAKE_SumPlatform_Dev_Secrets_GatewaySecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gw";
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "delivery-scripts-"));
  writeFileSync(join(dir, "github-env"), "");
  env = {
    PATH: `${fakeBinDir}:${process.env.PATH ?? ""}`,
    GITHUB_ENV: join(dir, "github-env"),
    FAKE_AWS_LOG: join(dir, "aws.log"),
    FAKE_SECRET: SECRET,
    FAKE_SLEEP_LOG: join(dir, "sleep.log"),
  };
});

describe("export-gateway-env.sh", () => {
  it("masks the gateway secret before writing it for the decK steps", async () => {
    const outputs = {
      "SumPlatform-Dev-Compute": { ServiceUrl: "https://alb.example.test" },
      "SumPlatform-Dev-Secrets": { GatewaySecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gw" },
    };
    writeFileSync(join(dir, "outputs.json"), JSON.stringify(outputs));
    const result = await runScript(deliveryScript("export-gateway-env.sh"), ["dev", join(dir, "outputs.json")], env);
    expect(result.code).toBe(0);
    expect(read("github-env")).toBe(`DECK_UPSTREAM_URL=https://alb.example.test\nDECK_GATEWAY_SECRET=${SECRET}\n`);
    // The only place the value may appear in the log is the mask command itself.
    expect(result.stdout.split("\n").filter((line) => line.includes(SECRET))).toEqual([`::add-mask::${SECRET}`]);
    expect(read("aws.log")).toBe(
      "secretsmanager get-secret-value --secret-id arn:aws:secretsmanager:eu-west-1:123456789012:secret:gw --query {value: SecretString, created: CreatedDate} --output json\n",
    );
    expect(existsSync(join(dir, "sleep.log"))).toBe(false);
  });

  it("waits until the secret's current version is as old as the service's refresh period (ADR 0001)", async () => {
    deployedDevStacks();
    env.FAKE_SECRET_CREATED = new Date(Date.now() - 20_000).toISOString();
    const result = await runScript(deliveryScript("export-gateway-env.sh"), ["dev"], env);
    expect(result.code).toBe(0);
    // 300 s minus the version's age (20 s, plus however long this loaded machine took).
    const waited = Number(read("sleep.log").trim());
    expect(waited).toBeGreaterThan(200);
    expect(waited).toBeLessThanOrEqual(280);
    expect(result.stdout).toContain(`waiting ${waited}s`);
    expect(read("github-env")).toContain(`DECK_GATEWAY_SECRET=${SECRET}\n`);
  });

  it("does not wait for a version older than the refresh period", async () => {
    deployedDevStacks();
    env.FAKE_SECRET_CREATED = new Date(Date.now() - 301_000).toISOString();
    const result = await runScript(deliveryScript("export-gateway-env.sh"), ["dev"], env);
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, "sleep.log"))).toBe(false);
  });

  it("fails, writing nothing, when the version date cannot be read", async () => {
    deployedDevStacks();
    env.FAKE_SECRET_CREATED = "";
    const result = await runScript(deliveryScript("export-gateway-env.sh"), ["dev"], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("no readable version date");
    expect(read("github-env")).toBe("");
    expect(result.stdout + result.stderr).not.toMatch(new RegExp(`(?<!add-mask::)${SECRET}`));
  });

  it("reads the outputs from CloudFormation when no outputs file is given", async () => {
    env.FAKE_SumPlatform_Prod_Compute_ServiceUrl = "https://prod-alb.example.test";
    env.FAKE_SumPlatform_Prod_Secrets_GatewaySecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod";
    const result = await runScript(deliveryScript("export-gateway-env.sh"), ["prod"], env);
    expect(result.code).toBe(0);
    expect(read("github-env")).toContain("DECK_UPSTREAM_URL=https://prod-alb.example.test\n");
    expect(read("aws.log")).toMatch(/describe-stacks --stack-name SumPlatform-Prod-Compute[\s\S]*SumPlatform-Prod-Secrets/);
  });

  it("fails, writing nothing, when a stack output is missing", async () => {
    env.FAKE_SumPlatform_Dev_Compute_ServiceUrl = "https://alb.example.test";
    const result = await runScript(deliveryScript("export-gateway-env.sh"), ["dev"], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("stack SumPlatform-Dev-Secrets has no output GatewaySecretArn");
    expect(read("github-env")).toBe("");
  });

  it("refuses a plain-HTTP upstream, so the gateway secret never crosses the internet in clear", async () => {
    deployedDevStacks("http://alb.example.test");
    const result = await runScript(deliveryScript("export-gateway-env.sh"), ["dev"], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("is not HTTPS");
    expect(read("github-env")).toBe("");
    expect(read("aws.log")).not.toContain("get-secret-value");
  });

  it("rejects an environment name that is not a plain word", async () => {
    const result = await runScript(deliveryScript("export-gateway-env.sh"), ["dev;ls"], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("invalid environment name");
  });
});
