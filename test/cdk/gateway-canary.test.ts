import { readFileSync } from "node:fs";
import { App, Stack } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import { describe, expect, it } from "vitest";
import { canaryScriptPath, GatewayCanary } from "../../cdk/lib/constructs/gateway-canary.js";
import { synthPlatform } from "./support/synth-platform.js";

const gatewayUrl = "https://gateway.example.com";
const withCanary = synthPlatform("prod", { overrides: { gatewayUrl } });
const without = synthPlatform("dev");
const observability = withCanary.templates.observability;
type Props = Record<string, unknown>;
const only = (type: string) => {
  const found = Object.entries(observability.findResources(type)) as [string, { Properties: Props }][];
  expect(found).toHaveLength(1);
  return { id: found[0]![0], props: found[0]![1].Properties };
};
const smokeKeyImport = { "Fn::ImportValue": expect.stringMatching(/^SumPlatform-Prod-Secrets:ExportsOutputRefSmokeTestKey/) };

describe("gateway canary", () => {
  it("runs the inline script on a current Node.js Synthetics runtime every 5 minutes", () => {
    const { props } = only("AWS::Synthetics::Canary");
    expect(props).toMatchObject({
      Name: "sum-gateway-prod",
      RuntimeVersion: "syn-nodejs-puppeteer-13.0",
      Schedule: { Expression: "rate(5 minutes)" },
      StartCanaryAfterCreation: true,
      Code: { Handler: "index.handler", Script: readFileSync(canaryScriptPath, "utf8") },
    });
  });

  it("calls the configured gateway with the key's secret ARN, never the key", () => {
    const { props } = only("AWS::Synthetics::Canary");
    expect((props.RunConfig as { EnvironmentVariables: Props }).EnvironmentVariables).toEqual({
      GATEWAY_URL: `${gatewayUrl}/`,
      API_KEY_SECRET_ID: smokeKeyImport,
    });
    const secrets = withCanary.templates.secrets;
    secrets.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: "sum-platform/prod/smoke-test-api-key",
      GenerateSecretString: Match.anyValue(),
      SecretString: Match.absent(),
    });
  });

  it("may read the smoke-test key and nothing else in Secrets Manager", () => {
    const statements = Object.values(observability.findResources("AWS::IAM::Policy")).flatMap(
      (p) => ((p as { Properties: { PolicyDocument: { Statement: Props[] } } }).Properties.PolicyDocument.Statement),
    );
    const secretStatements = statements.filter((s) => JSON.stringify(s.Action).includes("secretsmanager"));
    expect(secretStatements).toEqual([
      { Effect: "Allow", Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"], Resource: smokeKeyImport },
    ]);
  });

  it("keeps its artifacts encrypted, private, TLS-only and for 30 days", () => {
    const canary = only("AWS::Synthetics::Canary");
    const bucket = only("AWS::S3::Bucket");
    expect(bucket.props).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 30, Status: "Enabled" })] },
    });
    expect(canary.props).toMatchObject({ SuccessRetentionPeriod: 30, FailureRetentionPeriod: 30, ArtifactConfig: { S3Encryption: { EncryptionMode: "SSE_S3" } } });
    expect(JSON.stringify(canary.props.ArtifactS3Location)).toContain(bucket.id);
    observability.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
  });

  it("pages when 2 of the last 3 runs failed or did not run, and when 3 runs in a row took 5 s or more", () => {
    const canaryId = only("AWS::Synthetics::Canary").id;
    const topic = { Ref: only("AWS::SNS::Topic").id };
    const alarm = (name: string) => {
      const found = Object.values(observability.findResources("AWS::CloudWatch::Alarm", { Properties: { AlarmName: name } }));
      expect(found).toHaveLength(1);
      return (found[0] as { Properties: Props }).Properties;
    };
    const dimensions = [{ Name: "CanaryName", Value: { Ref: canaryId } }];
    expect(alarm("SumPlatform-Prod-GatewayCanaryFailures")).toMatchObject({
      Namespace: "CloudWatchSynthetics",
      MetricName: "SuccessPercent",
      Dimensions: dimensions,
      Period: 300,
      ComparisonOperator: "LessThanThreshold",
      Threshold: 100,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: "breaching",
      AlarmActions: [topic],
      OKActions: [topic],
      AlarmDescription: expect.stringContaining("Runbook: docs/runbooks/GatewayCanaryFailures.md"),
    });
    expect(alarm("SumPlatform-Prod-GatewayCanaryLatency")).toMatchObject({
      MetricName: "Duration",
      Dimensions: dimensions,
      Statistic: "Maximum",
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      Threshold: 5000,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: "notBreaching",
      AlarmActions: [topic],
      AlarmDescription: expect.stringContaining("Runbook: docs/runbooks/GatewayCanaryLatency.md"),
    });
  });

  it("is off without a gateway URL, and synthesis says so", () => {
    const templates = without.templates;
    templates.observability.resourceCountIs("AWS::Synthetics::Canary", 0);
    templates.observability.resourceCountIs("AWS::S3::Bucket", 0);
    Annotations.fromStack(without.stacks.observability).hasWarning("*", Match.stringLikeRegexp("no gatewayUrl: the outside canary is off"));
    // The key's secret exists either way, so setting it never waits for the canary.
    templates.secrets.hasResourceProperties("AWS::SecretsManager::Secret", { Name: "sum-platform/dev/smoke-test-api-key" });
  });

  it.each(["http://gateway.example.com", "gateway.example.com", "https://user:pw@gateway.example.com", "https://g.example.com/?k=1"])(
    "refuses the gateway URL %s",
    (url) => {
      const stack = new Stack(new App(), "Check");
      const props = {
        gatewayUrl: url,
        apiKeySecret: new secretsmanager.Secret(stack, "Key"),
        topic: new sns.Topic(stack, "Topic"),
        namePrefix: "SumPlatform-Test",
        canaryName: "sum-gateway-test",
      };
      expect(() => new GatewayCanary(stack, "Canary", props)).toThrow(/must be an https:\/\/ URL/);
    },
  );
});
