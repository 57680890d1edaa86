import type { App } from "aws-cdk-lib";
import { buildSumPlatform } from "./build-sum-platform.js";
import { certificateRegion } from "./config/check-environment-config.js";
import type { EnvironmentConfig } from "./config/environment-config.js";
import { environments } from "./config/environments.js";
import { DeployAccessStack } from "./stacks/deploy-access-stack.js";

/** What one `cdk synth` builds, as its context (`-c env=prod -c imageTag=<sha>` …) and the CLI's region ask. */
export interface PlatformContext {
  readonly config: EnvironmentConfig;
  /** @default undefined (the compute stack asks for its required `ImageTag` parameter) */
  readonly imageTag?: string;
  /** @default undefined (no deploy access stack: there is no repository to trust) */
  readonly githubRepository?: string;
  /** @default undefined (the deploy access stack creates the account's GitHub OIDC provider) */
  readonly existingOidcProviderArn?: string;
}

/**
 * Reads the app's context, the only place that does. `cliRegion` is the CLI's `CDK_DEFAULT_REGION`
 * (the AWS profile's region, us-east-1 without one).
 */
export function readPlatformContext(app: App, cliRegion: string | undefined): PlatformContext {
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
  const gatewayUrl = context("gatewayUrl");
  // A load balancer can only use a certificate from its own region, so a certificate names the region;
  // else the CLI's region; else the environment's default.
  const region = context("region") ?? certificateRegion(certificateArn) ?? cliRegion ?? base.region;
  const imageTag = context("imageTag");
  const githubRepository = context("githubRepository");
  const existingOidcProviderArn = context("githubOidcProviderArn");
  return {
    config: {
      ...base,
      region,
      ...(certificateArn !== undefined && { certificateArn }),
      ...(originDomainName !== undefined && { originDomainName }),
      ...(alarmEmail !== undefined && { alarmEmail }),
      ...(gatewayUrl !== undefined && { gatewayUrl }),
    },
    ...(imageTag !== undefined && { imageTag }),
    ...(githubRepository !== undefined && { githubRepository }),
    ...(existingOidcProviderArn !== undefined && { existingOidcProviderArn }),
  };
}

/** Adds to `app` every stack its context asks for; `warn` hears what was left out and why. */
export function buildPlatformFromContext(app: App, cliRegion: string | undefined, warn: (message: string) => void = console.warn): PlatformContext {
  const platform = readPlatformContext(app, cliRegion);
  const { config, imageTag, githubRepository, existingOidcProviderArn } = platform;
  // Without -c imageTag the template asks for an ImageTag parameter: synthesis works, a deploy that
  // names no image fails before changing anything (ECR tags are immutable SHAs; `latest` never exists).
  buildSumPlatform(app, { config, imageTag });

  // Deployed once per account by an admin (docs/deploy.md), never by the pipeline it trusts. Its
  // roles trust one repository by name; without that name there is nothing safe to trust, so the
  // stack is left out rather than pointed at a placeholder someone else could own.
  if (githubRepository === undefined) {
    warn("SumPlatform-DeployAccess left out: pass -c githubRepository=<owner>/<name> to synthesize or deploy it (docs/deploy.md)");
  } else {
    new DeployAccessStack(app, "SumPlatform-DeployAccess", {
      env: { region: config.region },
      description: "Sum platform: GitHub OIDC roles (deploy per environment, image publish, read-only) and the image repository",
      terminationProtection: true,
      githubRepository,
      ...(existingOidcProviderArn !== undefined && { existingOidcProviderArn }),
    });
  }
  return platform;
}
