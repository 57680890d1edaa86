import { Annotations, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/environment-config.js";
import { AlertTopic } from "../constructs/alert-topic.js";
import { GatewayCanary } from "../constructs/gateway-canary.js";
import { ServiceLogAlarms } from "../constructs/service-log-alarms.js";
import { ServiceLogs, type ServiceLogMetrics } from "../constructs/service-logs.js";

export interface ObservabilityStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  /** Prefix of alarm names, e.g. `SumPlatform-Dev`. */
  readonly namePrefix: string;
  /** Key of the gateway's smoke-test consumer, which the outside canary calls with. */
  readonly smokeTestKey: secretsmanager.ISecret;
}

/**
 * The alert channel and the service's logs: encrypted SNS topic, log group, metric filters and
 * the alarms on them. Alarms on the load balancer and tasks live with those resources in the
 * compute stack (they need their full names) and page through this topic.
 */
export class ObservabilityStack extends Stack {
  readonly alertTopic: sns.ITopic;
  readonly logGroup: logs.ILogGroup;
  readonly logMetrics: ServiceLogMetrics;
  /** Names of the alarms on the service logs, for the dashboard in the compute stack (names, not exports). */
  readonly logAlarmNames: readonly string[];
  /** Names of the log alarms the service's deployments roll back on. */
  readonly deploymentAlarmNames: readonly string[];

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.destroyOnRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const alerts = new AlertTopic(this, "Alerts", {
      displayName: `${props.namePrefix} alerts`,
      email: config.alarmEmail,
      alarmNamePrefix: `${props.namePrefix}-`,
      removalPolicy,
    });
    const logs = new ServiceLogs(this, "ServiceLogs", {
      logGroupName: `/sum-platform/${config.name}/service`,
      metricNamespace: `SumPlatform/${config.stackLabel}`,
      retention: config.logRetentionDays,
      removalPolicy,
    });
    const logAlarms = new ServiceLogAlarms(this, "LogAlarms", {
      metrics: logs.metrics,
      topic: alerts.topic,
      namePrefix: props.namePrefix,
    });
    if (config.gatewayUrl) {
      new GatewayCanary(this, "GatewayCanary", {
        gatewayUrl: config.gatewayUrl,
        apiKeySecret: props.smokeTestKey,
        topic: alerts.topic,
        namePrefix: props.namePrefix,
        canaryName: `sum-gateway-${config.name}`,
      });
    } else {
      Annotations.of(this).addWarningV2(
        "@sum-platform/config",
        `Environment "${config.name}" has no gatewayUrl: the outside canary is off, and nothing watches the gateway itself (-c gatewayUrl=https://...).`,
      );
    }
    this.alertTopic = alerts.topic;
    this.logGroup = logs.logGroup;
    this.logMetrics = logs.metrics;
    this.logAlarmNames = logAlarms.alarmNames;
    this.deploymentAlarmNames = logAlarms.deploymentAlarmNames;
  }
}
