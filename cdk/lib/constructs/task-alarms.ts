import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as ecs from "aws-cdk-lib/aws-ecs";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { containerInsightsMetric } from "./container-insights-metric.js";
import { RunbookAlarm } from "./runbook-alarm.js";

export interface TaskAlarmsProps {
  readonly service: ecs.FargateService;
  readonly topic: sns.ITopic;
  readonly namePrefix: string;
  /** Average CPU or memory (%) that pages. @default 85 */
  readonly utilizationPercent?: number;
}

/**
 * Alarms on the tasks themselves. Silence counts as failure here: a service that reports
 * nothing has no running tasks.
 */
export class TaskAlarms extends Construct {
  readonly alarms: readonly cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: TaskAlarmsProps) {
    super(scope, id);
    const limit = props.utilizationPercent ?? 85;
    const common = { namePrefix: props.namePrefix, topic: props.topic, treatMissingData: cloudwatch.TreatMissingData.BREACHING };
    const fiveMinutes = Duration.minutes(5);
    this.alarms = [
      new RunbookAlarm(this, "ServiceCpuHigh", {
        ...common,
        key: "ServiceCpuHigh",
        summary: `Average service CPU above ${limit}% for 10 minutes although autoscaling should hold it near its target.`,
        metric: props.service.metricCpuUtilization({ period: fiveMinutes }),
        threshold: limit,
        evaluationPeriods: 2,
      }),
      new RunbookAlarm(this, "ServiceMemoryHigh", {
        ...common,
        key: "ServiceMemoryHigh",
        summary: `Average service memory above ${limit}% for 10 minutes: tasks risk being OOM-killed.`,
        metric: props.service.metricMemoryUtilization({ period: fiveMinutes }),
        threshold: limit,
        evaluationPeriods: 2,
      }),
      new RunbookAlarm(this, "RunningTasksBelowDesired", {
        ...common,
        key: "RunningTasksBelowDesired",
        summary: "Fewer tasks running than desired for 10 minutes: tasks fail to start or keep crashing.",
        metric: new cloudwatch.MathExpression({
          expression: "desired - running",
          usingMetrics: {
            desired: containerInsightsMetric(props.service, "DesiredTaskCount"),
            running: containerInsightsMetric(props.service, "RunningTaskCount"),
          },
          period: Duration.minutes(1),
          label: "Tasks missing",
        }),
        threshold: 1,
        evaluationPeriods: 10,
      }),
    ].map((runbookAlarm) => runbookAlarm.alarm);
  }
}
