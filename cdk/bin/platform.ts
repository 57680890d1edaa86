import { App } from "aws-cdk-lib";
import { buildSumPlatform } from "../lib/build-sum-platform.js";
import type { EnvironmentConfig } from "../lib/config/environment-config.js";
import { environments } from "../lib/config/environments.js";

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
const alarmEmail = context("alarmEmail");
const config: EnvironmentConfig = {
  ...base,
  ...(certificateArn !== undefined && { certificateArn }),
  ...(alarmEmail !== undefined && { alarmEmail }),
};

buildSumPlatform(app, { config, imageTag: context("imageTag") ?? "latest" });
app.synth();
