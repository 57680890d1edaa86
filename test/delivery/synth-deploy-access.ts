import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { DeployAccessStack, type DeployAccessStackProps } from "../../cdk/lib/stacks/deploy-access-stack.js";

/**
 * Synthesizes the deploy-access stack alone, in a fresh app, with cdk-nag's AwsSolutions
 * pack as a validation plugin: an unacknowledged finding makes `synth()` throw.
 */
export function synthDeployAccess(props: DeployAccessStackProps = {}): Template {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "deploy-access-")) });
  const stack = new DeployAccessStack(app, "SumPlatform-DeployAccess", props);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return Template.fromStack(stack);
}
