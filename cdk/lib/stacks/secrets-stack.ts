import { CfnOutput, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/environment-config.js";
import { GatewaySecret } from "../constructs/gateway-secret.js";

export interface SecretsStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/** The gateway shared secret, its KMS key and its rotation. */
export class SecretsStack extends Stack {
  readonly gatewaySecret: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: SecretsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const gateway = new GatewaySecret(this, "GatewaySecret", {
      secretName: `sum-platform/${config.name}/gateway-secret`,
      rotationDays: config.secretRotationDays,
      removalPolicy: config.destroyOnRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.gatewaySecret = gateway.secret;
    new CfnOutput(this, "GatewaySecretArn", {
      value: gateway.secret.secretArn,
      description: "ARN of the gateway shared secret (CI reads it to sync the gateway config)",
    });
  }
}
