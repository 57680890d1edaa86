import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { faultExpression } from "./fault-expression.js";
import { RunbookAlarm } from "./runbook-alarm.js";
import { SloBurnRateAlarm } from "./slo-burn-rate-alarm.js";
import { targetGroupDimensions } from "./target-group-dimensions.js";

export interface RequestPathAlarmsProps {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly topic: sns.ITopic;
  readonly namePrefix: string;
  /** Healthy targets below this page. */
  readonly minHealthyHosts: number;
  /** p99 target response time (seconds) that pages. @default 1 */
  readonly latencyP99Seconds?: number;
  /**
   * Requests the service shed with a 503 on purpose (admission control), from its metrics collector.
   * The load balancer counts them as target 5xx; the 5xx alarms subtract them, and `RequestsShed`
   * pages when shedding lasts. @default undefined (every target 5xx counts, no `RequestsShed`)
   */
  readonly requestsShed?: cloudwatch.Metric;
  /** Share of requests (%) shed in each of three 5-minute periods that pages. @default 1 */
  readonly shedPercent?: number;
}

const minute = Duration.minutes(1);


/**
 * Alarms on the request path: errors, latency, target health, connections and the SLO. Metrics come
 * from the load balancer's and target group's own `metrics`, keyed by their full-name attributes
 * (the dimensions CloudWatch publishes), so the alarms can actually fire.
 */
export class RequestPathAlarms extends Construct {
  /** Alarms that roll a deployment back when they fire during it. */
  readonly deploymentAlarms: readonly cloudwatch.Alarm[];
  readonly alarms: readonly cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: RequestPathAlarmsProps) {
    super(scope, id);
    const lb = props.loadBalancer.metrics;
    const tg = props.targetGroup.metrics;
    const byFullName = targetGroupDimensions(props.loadBalancer, props.targetGroup);
    const add = (key: string, rest: Omit<ConstructorParameters<typeof RunbookAlarm>[2], "key" | "namePrefix" | "topic">) =>
      new RunbookAlarm(this, key, { key, namePrefix: props.namePrefix, topic: props.topic, ...rest }).alarm;
    const quietIsFine = cloudwatch.TreatMissingData.NOT_BREACHING;
    const silenceIsBad = cloudwatch.TreatMissingData.BREACHING;

    const requests = byFullName(tg.requestCount({ period: minute }));
    const target5xx = byFullName(tg.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: minute }));
    const elb5xx = (code: string) => lb.custom(`HTTPCode_ELB_${code}_Count`, { statistic: "Sum", period: minute });

    const shed = props.requestsShed?.with({ period: minute, statistic: "Sum" });
    const faults = shed ? faultExpression("FILL(errors, 0)", "shed") : "FILL(errors, 0)";

    const target5xxRate = add("Target5xxRate", {
      summary:
        "5% or more of requests answered 5xx by the service for 3 of 5 minutes (at least 20 requests a minute), " +
        "not counting 503s it shed under load.",
      metric: new cloudwatch.MathExpression({
        expression: `IF(requests >= 20, 100 * ${faults} / requests, 0)`,
        usingMetrics: { requests, errors: target5xx, ...(shed && { shed }) },
        period: minute,
        label: "Target 5xx %",
      }),
      threshold: 5,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: quietIsFine,
    });
    const latency = add("TargetLatencyP99", {
      summary: `p99 target response time above ${props.latencyP99Seconds ?? 1}s for 3 of 5 minutes.`,
      metric: byFullName(tg.targetResponseTime({ statistic: "p99", period: minute })),
      threshold: props.latencyP99Seconds ?? 1,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: quietIsFine,
    });
    const others = [
      add("LoadBalancer5xx", {
        summary: "The load balancer itself answered 502/503/504 (no healthy target, target reset or timeout) for 3 of 5 minutes.",
        metric: new cloudwatch.MathExpression({
          expression: "FILL(e502, 0) + FILL(e503, 0) + FILL(e504, 0)",
          usingMetrics: { e502: elb5xx("502"), e503: elb5xx("503"), e504: elb5xx("504") },
          period: minute,
          label: "ALB 502/503/504",
        }),
        threshold: 5,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: quietIsFine,
      }),
      add("UnhealthyHosts", {
        summary: "At least one target failed its /ready check for 5 minutes in a row.",
        metric: byFullName(tg.unhealthyHostCount({ statistic: "Maximum", period: minute })),
        threshold: 1,
        evaluationPeriods: 5,
        treatMissingData: quietIsFine,
      }),
      add("HealthyHostsBelowMinimum", {
        summary: `Fewer than ${props.minHealthyHosts} healthy targets for 3 minutes: capacity or zone redundancy is lost.`,
        metric: byFullName(tg.healthyHostCount({ statistic: "Minimum", period: minute })),
        threshold: props.minHealthyHosts,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: silenceIsBad,
      }),
      add("RejectedConnections", {
        summary: "The load balancer rejected connections (its connection limit was reached) in the last 5 minutes.",
        metric: lb.rejectedConnectionCount({ period: Duration.minutes(5) }),
        threshold: 1,
        treatMissingData: quietIsFine,
      }),
    ];
    const slo = new SloBurnRateAlarm(this, "SloBurnRate", {
      requests: lb.requestCount(),
      errors: [lb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), lb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT)],
      ...(props.requestsShed && { shed: props.requestsShed }),
      topic: props.topic,
      namePrefix: props.namePrefix,
    });
    const fiveMinutes = Duration.minutes(5);
    const shedPercent = props.shedPercent ?? 1;
    const requestsShed = props.requestsShed
      ? [
          add("RequestsShed", {
            summary:
              `${shedPercent}% or more of requests shed with a 503 in each of 3 consecutive 5-minute periods ` +
              "(at least 100 requests each): scaling is not keeping up, or is at maxTasks.",
            metric: new cloudwatch.MathExpression({
              expression: "IF(requests >= 100, 100 * FILL(shed, 0) / requests, 0)",
              usingMetrics: {
                requests: byFullName(tg.requestCount({ period: fiveMinutes })),
                shed: props.requestsShed.with({ period: fiveMinutes, statistic: "Sum" }),
              },
              period: fiveMinutes,
              label: "Shed %",
            }),
            threshold: shedPercent,
            evaluationPeriods: 3,
            // No collector data: shedding cannot be told apart, and Target5xxRate then counts every 503 instead.
            treatMissingData: quietIsFine,
          }),
        ]
      : [];

    this.deploymentAlarms = [target5xxRate, latency];
    this.alarms = [target5xxRate, latency, ...others, ...requestsShed, slo.alarm];
  }
}
