import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { RunbookAlarm } from "./runbook-alarm.js";
import type { ServiceLogMetrics } from "./service-logs.js";

export interface ServiceLogAlarmsProps {
  readonly metrics: ServiceLogMetrics;
  readonly topic: sns.ITopic;
  /** Prefix of every alarm name, e.g. `SumPlatform-Dev`. */
  readonly namePrefix: string;
  /** Error lines per 5 minutes that page. @default 5 */
  readonly errorLinesThreshold?: number;
  /** Gateway-secret rejections per 5 minutes that page. @default 20 */
  readonly rejectionsThreshold?: number;
}

/** Alarms on what the service says in its logs. A quiet log means nothing went wrong. */
export class ServiceLogAlarms extends Construct {
  readonly alarms: readonly cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: ServiceLogAlarmsProps) {
    super(scope, id);
    const common = {
      namePrefix: props.namePrefix,
      topic: props.topic,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    this.alarms = [
      new RunbookAlarm(this, "ApplicationErrors", {
        ...common,
        key: "ApplicationErrors",
        summary: "The service logged error-level lines (level >= 50) repeatedly for 10 minutes.",
        metric: props.metrics.applicationErrors,
        threshold: props.errorLinesThreshold ?? 5,
        evaluationPeriods: 2,
      }),
      new RunbookAlarm(this, "GatewaySecretRejections", {
        ...common,
        key: "GatewaySecretRejections",
        summary:
          "Many requests reached the service without a valid gateway secret: a bypass attempt on the public load balancer, or the gateway sends a stale secret.",
        metric: props.metrics.gatewayRejections,
        threshold: props.rejectionsThreshold ?? 20,
      }),
      new RunbookAlarm(this, "GatewaySecretRefreshFailures", {
        ...common,
        key: "GatewaySecretRefreshFailures",
        summary:
          "Tasks failed to refresh the gateway secret from Secrets Manager for 15 minutes; they keep the last good value and will reject traffic after the next rotation.",
        metric: props.metrics.secretRefreshFailures,
        threshold: 1,
        evaluationPeriods: 3,
      }),
    ].map((runbookAlarm) => runbookAlarm.alarm);
  }
}
