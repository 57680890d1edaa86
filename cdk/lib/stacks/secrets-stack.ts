import { CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from "aws-cdk-lib";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/environment-config.js";
import { GatewaySecret } from "../constructs/gateway-secret.js";
import { gatewaySecretName, smokeTestKeySecretName } from "./deploy-access-stack.js";

export interface SecretsStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/** The gateway shared secret, its KMS key and its rotation; the smoke-test consumer's key. */
export class SecretsStack extends Stack {
  readonly gatewaySecret: secretsmanager.ISecret;
  /** Key of the gateway's smoke-test consumer, for the outside canary. */
  readonly smokeTestKey: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: SecretsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.destroyOnRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const gateway = new GatewaySecret(this, "GatewaySecret", {
      secretName: gatewaySecretName(config.name),
      rotationDays: config.secretRotationDays,
      removalPolicy,
    });
    this.gatewaySecret = gateway.secret;
    // The deploy writes the SMOKE_TEST_API_KEY its gateway sync gives Kong into it (docs/operations.md,
    // "Outside canary"); until the first deploy it holds a random placeholder and the canary says so.
    // Secrets Manager's AWS managed key on purpose: the deploy role's grant holds no KMS right.
    const smokeTestKey = new secretsmanager.Secret(this, "SmokeTestKey", {
      secretName: smokeTestKeySecretName(config.name),
      description: "API key of the gateway's smoke-test consumer; the outside canary reads it at run time",
      removalPolicy,
    });
    Validations.of(smokeTestKey).acknowledge({
      id: "AwsSolutions-SMG4",
      reason: "A Kong consumer key, changed together with the gateway config by the operator; an automatic rotation would lock the canary out.",
    });
    this.smokeTestKey = smokeTestKey;
    new CfnOutput(this, "GatewaySecretArn", {
      value: gateway.secret.secretArn,
      description: "ARN of the gateway shared secret (CI reads it to sync the gateway config)",
    });
  }
}
