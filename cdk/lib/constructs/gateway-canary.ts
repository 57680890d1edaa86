import { readFileSync } from "node:fs";
import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as s3 from "aws-cdk-lib/aws-s3";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as sns from "aws-cdk-lib/aws-sns";
import * as synthetics from "aws-cdk-lib/aws-synthetics";
import { Construct } from "constructs";
import { RunbookAlarm } from "./runbook-alarm.js";

/** The script the canary runs; its unit test runs the same file against a local stub. */
export const canaryScriptPath = new URL("../../canary/gateway-canary.cjs", import.meta.url);

export interface GatewayCanaryProps {
  /** Public base URL of the gateway (Kong), `https://…`. */
  readonly gatewayUrl: string;
  /** Secret holding the smoke-test consumer's key; the canary reads it at run time. */
  readonly apiKeySecret: secretsmanager.ISecret;
  readonly topic: sns.ITopic;
  /** Prefix of the alarm names, e.g. `SumPlatform-Dev`. */
  readonly namePrefix: string;
  /** Canary name: lowercase letters, digits, `-` and `_`. */
  readonly canaryName: string;
  /** @default Duration.minutes(5) */
  readonly interval?: Duration;
  /** Failed runs out of `evaluationRuns` that page. @default 2 */
  readonly failedRunsToAlarm?: number;
  /** @default 3 */
  readonly evaluationRuns?: number;
  /** A run this slow (ms), in every one of `evaluationRuns`, pages. @default 5000 */
  readonly slowRunMs?: number;
  /** Days the canary's run artifacts are kept. @default 30 */
  readonly artifactRetentionDays?: number;
}

/**
 * A CloudWatch Synthetics canary outside the VPC: `POST /sum` through the public gateway with
 * the smoke-test consumer's key, the exact answer checked, every few minutes; alarms on its
 * success rate and its duration. It sees what every other alarm cannot: Kong, the gateway's DNS
 * and TLS, and Konnect itself.
 */
export class GatewayCanary extends Construct {
  readonly canary: synthetics.Canary;
  readonly alarms: readonly cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: GatewayCanaryProps) {
    super(scope, id);
    const url = URL.canParse(props.gatewayUrl) ? new URL(props.gatewayUrl) : undefined;
    if (url?.protocol !== "https:" || url.search !== "" || url.username !== "") {
      throw new Error(`gatewayUrl "${props.gatewayUrl}" must be an https:// URL without credentials or query`);
    }
    const interval = props.interval ?? Duration.minutes(5);
    const retentionDays = props.artifactRetentionDays ?? 30;

    const artifacts = new s3.Bucket(this, "Artifacts", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(retentionDays), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // Emptying it on removal would need a custom-resource function; it holds only run reports.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(artifacts).acknowledge({
      id: "AwsSolutions-S1",
      reason: "Holds only the canary's own run reports, written by its role and expired after the retention; access logs would need a bucket of their own.",
    });

    const canary = new synthetics.Canary(this, "Canary", {
      canaryName: props.canaryName,
      // The newest Node.js runtime aws-cdk-lib offers (Node.js 22). From 13.1 on, Synthetics renames the
      // script's `Synthetics` module to `@aws/synthetics-puppeteer`; move the script with the runtime.
      runtime: synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0,
      test: synthetics.Test.custom({ code: synthetics.Code.fromInline(readFileSync(canaryScriptPath, "utf8")), handler: "index.handler" }),
      schedule: synthetics.Schedule.rate(interval),
      timeout: Duration.seconds(60),
      environmentVariables: { GATEWAY_URL: url.href, API_KEY_SECRET_ID: props.apiKeySecret.secretArn },
      artifactsBucketLocation: { bucket: artifacts, prefix: "runs" },
      artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.S3_MANAGED,
      successRetentionPeriod: Duration.days(retentionDays),
      failureRetentionPeriod: Duration.days(retentionDays),
      provisionedResourceCleanup: true,
    });
    props.apiKeySecret.grantRead(canary.role);
    const logicalId = (resource: s3.CfnBucket): string => Stack.of(this).resolve(Stack.of(this).getLogicalId(resource)) as string;
    Validations.of(canary.role).acknowledge(
      {
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: "The Synthetics runtime lists buckets and puts its metrics (conditioned on the CloudWatchSynthetics namespace); neither action has resource-level permissions.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${logicalId(artifacts.node.defaultChild as s3.CfnBucket)}.Arn>/runs/*]`,
        reason: "Each run writes its report under a new, generated key below the runs/ prefix of the canary's own artifacts bucket.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:aws:logs:${Stack.of(this).region}:<AWS::AccountId>:log-group:/aws/lambda/cwsyn-*]`,
        reason: "Synthetics names the canary's log group after a generated function name; the grant is limited to Synthetics log groups.",
      },
    );

    const runs = props.evaluationRuns ?? 3;
    const common = { namePrefix: props.namePrefix, topic: props.topic, evaluationPeriods: runs };
    this.alarms = [
      new RunbookAlarm(this, "Failures", {
        ...common,
        key: "GatewayCanaryFailures",
        summary: "The outside canary's POST /sum through the public gateway failed or answered a wrong sum in most recent runs.",
        // One run per period: its success percent is 100 or 0.
        metric: canary.metricSuccessPercent({ period: interval, statistic: "Average" }),
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        threshold: 100,
        datapointsToAlarm: props.failedRunsToAlarm ?? 2,
        // A canary that stops running is as blind as one that fails.
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }).alarm,
      new RunbookAlarm(this, "Latency", {
        ...common,
        key: "GatewayCanaryLatency",
        summary: "The outside canary's runs through the public gateway have been slow in every recent run.",
        metric: canary.metricDuration({ period: interval, statistic: "Maximum" }),
        threshold: props.slowRunMs ?? 5000,
        // Runs that did not happen are the failure alarm's to report.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).alarm,
    ];
    this.canary = canary;
  }
}
