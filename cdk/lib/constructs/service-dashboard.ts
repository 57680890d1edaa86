import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as ecs from "aws-cdk-lib/aws-ecs";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { Construct } from "constructs";
import { containerInsightsMetric } from "./container-insights-metric.js";
import type { MetricsCollector } from "./metrics-collector.js";
import { targetGroupDimensions } from "./target-group-dimensions.js";
import type { ServiceLogMetrics } from "./service-logs.js";

export interface ServiceDashboardProps {
  readonly dashboardName: string;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly service: ecs.FargateService;
  readonly logMetrics: ServiceLogMetrics;
  /** The task's metrics collector; adds a row of the service's own metrics. @default undefined */
  readonly collector?: MetricsCollector;
  /** Alarms shown in the status row. @default [] */
  readonly alarms?: readonly cloudwatch.IAlarm[];
}

const minute = Duration.minutes(1);

/** One page an on-call engineer opens first: traffic, errors, latency, capacity, gateway trust. */
export class ServiceDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const lb = props.loadBalancer.metrics;
    const tg = props.targetGroup.metrics;
    const byFullName = targetGroupDimensions(props.loadBalancer, props.targetGroup);
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });

    const dashboard = new cloudwatch.Dashboard(this, "Dashboard", { dashboardName: props.dashboardName });
    dashboard.addWidgets(
      graph("Traffic (requests/min)", [lb.requestCount({ period: minute, label: "Requests" })]),
      graph("Errors (count/min)", [
        lb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: minute, label: "Service 5xx" }),
        lb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: minute, label: "Load balancer 5xx" }),
        lb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_4XX_COUNT, { period: minute, label: "Service 4xx" }),
      ]),
      graph("Latency (s)", [
        byFullName(tg.targetResponseTime({ statistic: "p50", period: minute, label: "p50" })),
        byFullName(tg.targetResponseTime({ statistic: "p99", period: minute, label: "p99" })),
      ]),
    );
    dashboard.addWidgets(
      graph("Targets", [
        byFullName(tg.healthyHostCount({ period: minute, label: "Healthy" })),
        byFullName(tg.unhealthyHostCount({ period: minute, label: "Unhealthy" })),
      ]),
      graph("CPU / memory (%)", [
        props.service.metricCpuUtilization({ period: minute, label: "CPU" }),
        props.service.metricMemoryUtilization({ period: minute, label: "Memory" }),
      ]),
      graph("Tasks", [
        containerInsightsMetric(props.service, "RunningTaskCount", { label: "Running" }),
        containerInsightsMetric(props.service, "DesiredTaskCount", { label: "Desired" }),
      ]),
    );
    dashboard.addWidgets(
      graph("Gateway trust (count/5 min)", [
        props.logMetrics.gatewayRejections.with({ label: "Requests without a valid gateway secret" }),
        props.logMetrics.gatewaySecretMismatches.with({ label: "…of which carried a wrong secret (pages)" }),
        props.logMetrics.secretRefreshFailures.with({ label: "Secret refresh failures" }),
      ]),
      graph("Application errors (count/5 min)", [props.logMetrics.applicationErrors.with({ label: "Error log lines" })]),
      new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: [...(props.alarms ?? [])], width: 8, height: 6 }),
    );
    if (props.collector) {
      const collected = props.collector;
      dashboard.addWidgets(
        graph(
          "POST /sum inside the service (mean s; requests/min)",
          [collected.metricRequestDuration("/sum", { label: "Service time (mean)" })],
          // Shed requests never reach the app's histogram: the two together are what arrived.
          [collected.metricRequests("/sum", { label: "Requests answered" }), collected.metricRequestsShed({ label: "Requests shed (503, all routes)" })],
        ),
        graph("Service counters: gateway trust (count/min)", [
          collected.metricGatewayRejections({ label: "Requests without a valid gateway secret" }),
          collected.metricSecretRefreshFailures({ label: "Secret refresh failures" }),
        ]),
      );
    }
    this.dashboard = dashboard;
  }
}
