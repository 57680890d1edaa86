import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { synthPlatform } from "./support/synth-platform.js";

const dev = synthPlatform("dev", { overrides: { alarmEmail: "oncall@example.com" } }).templates.observability;
const prod = synthPlatform("prod").templates.observability;

describe("observability stack", () => {
  it("encrypts the alert topic with a rotating key that CloudWatch may use to publish", () => {
    const keyId = Object.keys(dev.findResources("AWS::KMS::Key", { Properties: { EnableKeyRotation: true } }))[0];
    expect(keyId).toBeDefined();
    dev.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] } });
    dev.hasResourceProperties("AWS::KMS::Key", {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: Match.arrayWith(["kms:Decrypt", "kms:GenerateDataKey*"]),
          }),
        ]),
      },
    });
  });

  it("lets this platform's alarms publish to the topic and refuses publishing over plain HTTP", () => {
    const fromPlatformAlarms = {
      StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
      ArnLike: { "aws:SourceArn": { "Fn::Join": ["", ["arn:aws:cloudwatch:eu-west-1:", { Ref: "AWS::AccountId" }, ":alarm:SumPlatform-Dev-*"]] } },
    };
    dev.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: "Deny", Principal: "*", Action: "sns:Publish", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Condition: fromPlatformAlarms,
          }),
        ],
      },
    });
    dev.hasResourceProperties("AWS::KMS::Key", {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: "cloudwatch.amazonaws.com" }, Condition: fromPlatformAlarms }),
        ]),
      },
    });
  });

  it("subscribes the configured address, and none when there is none", () => {
    dev.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "oncall@example.com" });
    prod.resourceCountIs("AWS::SNS::Subscription", 0);
  });

  it("pages on refused gateway secrets only when a header was presented, never on scanners sending none", () => {
    dev.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "SumPlatform-Dev-GatewaySecretRejections",
      MetricName: "GatewaySecretMismatches",
      Namespace: "SumPlatform/Dev",
    });
    dev.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", { MetricName: "GatewayRejections" }, 0);
  });

  it("alarms within a minute when a task cannot load the gateway secret at all", () => {
    dev.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "SumPlatform-Dev-GatewaySecretNotLoaded",
      MetricName: "SecretNotLoaded",
      Period: 60,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      EvaluationPeriods: 1,
      TreatMissingData: "notBreaching",
    });
  });

  it("keeps service logs for the environment's retention", () => {
    dev.hasResourceProperties("AWS::Logs::LogGroup", { LogGroupName: "/sum-platform/dev/service", RetentionInDays: 14 });
    prod.hasResourceProperties("AWS::Logs::LogGroup", { LogGroupName: "/sum-platform/prod/service", RetentionInDays: 90 });
    prod.hasResource("AWS::Logs::LogGroup", { DeletionPolicy: "Retain" });
  });

  it.each([
    ['{ $.event = "gateway_rejected" }', "GatewayRejections"],
    ['{ ($.event = "gateway_rejected") && ($.reason != "missing") }', "GatewaySecretMismatches"],
    ['{ $.event = "secret_refresh_failed" }', "SecretRefreshFailures"],
    ['{ ($.event = "secret_refresh_failed") && ($.keptLastGood IS FALSE) }', "SecretNotLoaded"],
    ['{ ($.level >= 50) && (($.event != "secret_refresh_failed") || ($.event NOT EXISTS)) }', "ApplicationErrors"],
  ])("counts %s from the service's JSON logs as %s", (pattern, metricName) => {
    dev.hasResourceProperties("AWS::Logs::MetricFilter", {
      FilterPattern: pattern,
      MetricTransformations: [{ MetricName: metricName, MetricNamespace: "SumPlatform/Dev", MetricValue: "1", DefaultValue: 0 }],
    });
  });
});
