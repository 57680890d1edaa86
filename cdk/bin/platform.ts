import { App } from "aws-cdk-lib";
import { buildSumPlatform } from "../lib/build-sum-platform.js";
import type { EnvironmentConfig } from "../lib/config/environment-config.js";
import { environments } from "../lib/config/environments.js";
import { DeployAccessStack } from "../lib/stacks/deploy-access-stack.js";

// The only place that reads context: `cdk synth -c env=prod -c imageTag=<sha>`.
const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === "string" && value !== "" ? value : undefined;
};

const envName = context("env") ?? "dev";
const base = environments[envName];
if (!base) {
  throw new Error(`Unknown environment "${envName}" (-c env=...). Known: ${Object.keys(environments).join(", ")}`);
}
// Deployment-specific values that must not live in the repository.
const certificateArn = context("certificateArn");
const originDomainName = context("originDomainName");
const alarmEmail = context("alarmEmail");
const config: EnvironmentConfig = {
  ...base,
  ...(certificateArn !== undefined && { certificateArn }),
  ...(originDomainName !== undefined && { originDomainName }),
  ...(alarmEmail !== undefined && { alarmEmail }),
};

buildSumPlatform(app, { config, imageTag: context("imageTag") ?? "latest" });

// Deployed once per account by an admin (docs/deploy.md), never by the pipeline it trusts. Its
// roles trust one repository by name; without that name there is nothing safe to trust, so the
// stack is left out rather than pointed at a placeholder someone else could own.
const githubRepository = context("githubRepository");
const existingOidcProviderArn = context("githubOidcProviderArn");
if (githubRepository === undefined) {
  console.warn("SumPlatform-DeployAccess left out: pass -c githubRepository=<owner>/<name> to synthesize or deploy it (docs/deploy.md)");
} else {
  new DeployAccessStack(app, "SumPlatform-DeployAccess", {
    env: { region: config.region },
    description: "Sum platform: GitHub OIDC roles (deploy per environment, image publish, read-only) and the image repository",
    terminationProtection: true,
    githubRepository,
    ...(existingOidcProviderArn !== undefined && { existingOidcProviderArn }),
  });
}
app.synth();
