import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { DeployAccessStack, type DeployAccessStackProps } from "../../cdk/lib/stacks/deploy-access-stack.js";

const cdkJsonContext = (JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as { context: Record<string, unknown> })
  .context;

/**
 * Synthesizes the deploy-access stack alone, in a fresh app, with cdk-nag's AwsSolutions
 * pack as a validation plugin: an unacknowledged finding makes `synth()` throw.
 */
export function synthDeployAccess(props: Partial<DeployAccessStackProps> = {}): Template {
  // Same feature flags and pinned region as the CDK entry, so nag findings are spelled alike.
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "deploy-access-")), context: cdkJsonContext });
  const stack = new DeployAccessStack(app, "SumPlatform-DeployAccess", {
    env: { region: "eu-west-1" },
    githubRepository: "acme/platform",
    ...props,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return Template.fromStack(stack);
}
