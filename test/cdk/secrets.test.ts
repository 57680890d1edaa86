import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { GATEWAY_SECRET_NAME_PATTERN, smokeTestKeySecretName } from "../../cdk/lib/stacks/deploy-access-stack.js";
import { synthPlatform } from "./support/synth-platform.js";

const dev = synthPlatform("dev");
const template = dev.templates.secrets;

describe("secrets stack", () => {
  it("encrypts the gateway secret with its own customer-managed key that rotates", () => {
    const keys = template.findResources("AWS::KMS::Key", { Properties: { EnableKeyRotation: true } });
    expect(Object.keys(keys)).toHaveLength(1);
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      KmsKeyId: { "Fn::GetAtt": [Object.keys(keys)[0], "Arn"] },
    });
  });

  it("names the secret so the deploy role's name-matched read grant covers it", () => {
    const secret = Object.values(template.findResources("AWS::SecretsManager::Secret"))[0] as {
      Properties: { Name: string };
    };
    const pattern = new RegExp(`^${GATEWAY_SECRET_NAME_PATTERN.split("*").map((part) => part.replace(/[/.-]/g, "\\$&")).join("[^/]+")}$`);
    expect(secret.Properties.Name).toBe("sum-platform/dev/gateway-secret");
    expect(secret.Properties.Name).toMatch(pattern);
  });

  it("generates a long alphanumeric secret with no value in the template", () => {
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      GenerateSecretString: { PasswordLength: Match.anyValue(), ExcludePunctuation: true, IncludeSpace: false },
      SecretString: Match.absent(),
    });
    const secret = Object.values(template.findResources("AWS::SecretsManager::Secret"))[0] as {
      Properties: { GenerateSecretString: { PasswordLength: number } };
    };
    expect(secret.Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32);
  });

  it("rotates on the configured period with a handler that may touch only this secret", () => {
    template.hasResourceProperties("AWS::SecretsManager::RotationSchedule", {
      RotationRules: { ScheduleExpression: `rate(${dev.config.secretRotationDays} days)` },
      RotateImmediatelyOnUpdate: false,
    });
    template.hasResourceProperties("AWS::Lambda::Function", { Runtime: "nodejs24.x", Architectures: ["arm64"], Handler: "index.handler" });
    const secretLogicalId = Object.keys(template.findResources("AWS::SecretsManager::Secret"))[0];
    template.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
            Resource: { Ref: secretLogicalId },
          }),
          { Action: "secretsmanager:GetRandomPassword", Effect: "Allow", Resource: "*" },
        ]),
      },
    });
    template.resourcePropertiesCountIs("AWS::IAM::Role", { ManagedPolicyArns: Match.anyValue() }, 0);
  });

  it("keeps the canary's smoke-test key under the name the deploy role may replace, with the AWS managed key its grant assumes", () => {
    const secrets = Object.values(template.findResources("AWS::SecretsManager::Secret")) as { Properties: { Name: string; KmsKeyId?: unknown } }[];
    const canaryKey = secrets.find((s) => s.Properties.Name === smokeTestKeySecretName("dev"))!;
    expect(canaryKey.Properties.Name).toBe("sum-platform/dev/smoke-test-api-key");
    expect(canaryKey.Properties.KmsKeyId).toBeUndefined();
  });

  it("outputs the secret ARN under the name CI reads", () => {
    template.hasOutput("GatewaySecretArn", { Value: { Ref: Match.stringLikeRegexp("^GatewaySecret") } });
  });
});
