import { Tags, Validations, type App } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { checkEnvironmentConfig } from "./config/check-environment-config.js";
import type { EnvironmentConfig } from "./config/environment-config.js";
import { serviceContract } from "./config/service-contract.js";
import { ComputeStack } from "./stacks/compute-stack.js";
import { NetworkingStack } from "./stacks/networking-stack.js";
import { ObservabilityStack } from "./stacks/observability-stack.js";
import { SecretsStack } from "./stacks/secrets-stack.js";

export interface SumPlatformOptions {
  readonly config: EnvironmentConfig;
  /**
   * Tag of the `sum-service` image the compute stack runs (the commit SHA CI pushed).
   * @default undefined (the compute stack takes it from its required `ImageTag` parameter)
   */
  readonly imageTag?: string;
}

/** The four stacks of one environment, in deployment order. */
export interface SumPlatform {
  readonly networking: NetworkingStack;
  readonly secrets: SecretsStack;
  readonly observability: ObservabilityStack;
  readonly compute: ComputeStack;
}

/**
 * Adds one environment's stacks to `app`, wired by typed props, and runs the cdk-nag
 * AwsSolutions checks on them during synthesis.
 */
export function buildSumPlatform(app: App, { config, imageTag }: SumPlatformOptions): SumPlatform {
  checkEnvironmentConfig(config, app);
  if (imageTag !== undefined && !new RegExp(serviceContract.imageTagPattern).test(imageTag)) {
    throw new Error(`imageTag "${imageTag}" is not a commit SHA (${serviceContract.imageTagPattern}); CI tags the sum-service image with one`);
  }
  const prefix = `SumPlatform-${config.stackLabel}`;
  const common = {
    config,
    // Region only: templates stay account-agnostic and synthesis needs no credentials.
    env: { region: config.region },
    terminationProtection: !config.destroyOnRemoval,
  };
  const networking = new NetworkingStack(app, `${prefix}-Networking`, {
    ...common,
    description: "Sum platform: VPC, flow logs and security groups",
  });
  const secrets = new SecretsStack(app, `${prefix}-Secrets`, {
    ...common,
    description: "Sum platform: gateway shared secret, KMS key and rotation",
  });
  const observability = new ObservabilityStack(app, `${prefix}-Observability`, {
    ...common,
    namePrefix: prefix,
    smokeTestKey: secrets.smokeTestKey,
    description: "Sum platform: alert topic, service logs, log-based alarms and the outside canary",
  });
  const compute = new ComputeStack(app, `${prefix}-Compute`, {
    ...common,
    namePrefix: prefix,
    ...(imageTag !== undefined && { imageTag }),
    vpc: networking.vpc,
    loadBalancerSecurityGroup: networking.loadBalancerSecurityGroup,
    serviceSecurityGroup: networking.serviceSecurityGroup,
    gatewaySecret: secrets.gatewaySecret,
    alertTopic: observability.alertTopic,
    logGroup: observability.logGroup,
    logMetrics: observability.logMetrics,
    logAlarmNames: observability.logAlarmNames,
    logDeploymentAlarmNames: observability.deploymentAlarmNames,
    description: "Sum platform: load balancer, ECS Fargate service, autoscaling, alarms and dashboard",
  });

  for (const stack of [networking, secrets, observability, compute]) {
    Tags.of(stack).add("Project", "sum-platform");
    Tags.of(stack).add("Environment", config.name);
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { networking, secrets, observability, compute };
}
