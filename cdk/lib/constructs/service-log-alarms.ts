import { Duration } from "aws-cdk-lib";
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
  /** Refusals of a presented (not missing) gateway secret per 5 minutes that page. @default 20 */
  readonly rejectionsThreshold?: number;
}

/** Alarms on what the service says in its logs. A quiet log means nothing went wrong. */
export class ServiceLogAlarms extends Construct {
  readonly alarms: readonly cloudwatch.IAlarm[];
  /**
   * Names of these alarms, for consumers in other stacks (dashboard, deployment alarms). Plain
   * strings, so no export ties those stacks to the alarms: replacing one never fails on
   * "export in use".
   */
  readonly alarmNames: readonly string[];
  /** Names of the alarms a deployment must roll back on: a release whose tasks cannot load the secret. */
  readonly deploymentAlarmNames: readonly string[];

  constructor(scope: Construct, id: string, props: ServiceLogAlarmsProps) {
    super(scope, id);
    const common = {
      namePrefix: props.namePrefix,
      topic: props.topic,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    const add = (key: string, rest: Omit<ConstructorParameters<typeof RunbookAlarm>[2], "key" | keyof typeof common>) =>
      new RunbookAlarm(this, key, { ...common, key, ...rest });
    const nameOf = (key: string) => `${props.namePrefix}-${key}`;
    const secretNotLoaded = add("GatewaySecretNotLoaded", {
      summary:
        "A task started but could not load the gateway secret at all within the minute: it stays out of the load balancer, and a deployment rolls back.",
      metric: props.metrics.secretNotLoaded.with({ period: Duration.minutes(1) }),
      threshold: 1,
    });
    const runbookAlarms = [
      add("ApplicationErrors", {
        summary: "The service logged error-level lines (level >= 50) repeatedly for 10 minutes.",
        metric: props.metrics.applicationErrors,
        threshold: props.errorLinesThreshold ?? 5,
        evaluationPeriods: 2,
      }),
      add("GatewaySecretRejections", {
        summary:
          "Requests carrying a gateway secret header were refused (reason mismatch or secret_not_loaded): the gateway sends a stale secret, or the secret leaked. Requests without the header (scanners) do not count.",
        metric: props.metrics.gatewaySecretMismatches,
        threshold: props.rejectionsThreshold ?? 20,
      }),
      add("GatewaySecretRefreshFailures", {
        summary:
          "Tasks failed to refresh the gateway secret from Secrets Manager for 15 minutes; they keep the last good value and will reject traffic after the next rotation.",
        metric: props.metrics.secretRefreshFailures,
        threshold: 1,
        evaluationPeriods: 3,
      }),
      secretNotLoaded,
    ];
    this.alarms = runbookAlarms.map((runbookAlarm) => runbookAlarm.alarm);
    this.alarmNames = runbookAlarms.map((runbookAlarm) => nameOf(runbookAlarm.node.id));
    this.deploymentAlarmNames = [nameOf(secretNotLoaded.node.id)];
  }
}
