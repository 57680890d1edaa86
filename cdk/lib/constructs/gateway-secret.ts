import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";

const rotationHandlerDir = fileURLToPath(new URL("../../lambda/gateway-secret-rotation", import.meta.url));

export interface GatewaySecretProps {
  /** Name of the secret in Secrets Manager. @default a generated name */
  readonly secretName?: string;
  /** Days between automatic rotations; must exceed the gateway's sync interval. @default 30 */
  readonly rotationDays?: number;
  /** Days to keep the rotation function's logs. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** What happens to the key and secret when the stack goes. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The shared secret the gateway adds to every upstream request: a long random alphanumeric
 * string, encrypted with its own rotating KMS key and rotated on a schedule by a small
 * handler that only generates and promotes a new version.
 */
export class GatewaySecret extends Construct {
  readonly secret: secretsmanager.ISecret;
  readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: GatewaySecretProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const key = new kms.Key(this, "Key", {
      description: "Encrypts the gateway shared secret",
      enableKeyRotation: true,
      removalPolicy,
    });
    const secret = new secretsmanager.Secret(this, "Secret", {
      secretName: props.secretName,
      description: "Shared secret the API gateway sends upstream; the service rejects requests without it",
      encryptionKey: key,
      removalPolicy,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });

    const rotationLogs = new logs.LogGroup(this, "RotationLogs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    // Own role instead of AWSLambdaBasicExecutionRole: writes to its own log group only.
    const rotationRole = new iam.Role(this, "RotationRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "Rotation handler of the gateway shared secret",
    });
    rotationLogs.grantWrite(rotationRole);
    const rotationFunction = new lambda.Function(this, "RotationFunction", {
      role: rotationRole,
      description: "Rotates the gateway shared secret (create + promote only)",
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: "index.handler",
      code: lambda.Code.fromAsset(rotationHandlerDir),
      timeout: Duration.seconds(30),
      logGroup: rotationLogs,
    });
    secret.addRotationSchedule("Rotation", {
      rotationLambda: rotationFunction,
      automaticallyAfter: Duration.days(props.rotationDays ?? 30),
      // The first version is created with the stack; rotating at once would only add churn.
      rotateImmediatelyOnUpdate: false,
    });

    Validations.of(rotationRole).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "secretsmanager:GetRandomPassword has no resource-level permissions; it reads no secret. Every other action names this secret's ARN.",
    });

    this.secret = secret;
    this.encryptionKey = key;
  }

  /** Lets `grantee` read the current and previous value (and decrypt them), nothing more. */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.secret.grantRead(grantee);
  }
}
