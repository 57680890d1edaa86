import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as ecs from "aws-cdk-lib/aws-ecs";

/** A per-service Container Insights metric, e.g. `RunningTaskCount` or `DesiredTaskCount`. */
export function containerInsightsMetric(
  service: ecs.IBaseService,
  metricName: string,
  props: cloudwatch.MetricOptions = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: "ECS/ContainerInsights",
    metricName,
    dimensionsMap: { ClusterName: service.cluster.clusterName, ServiceName: service.serviceName },
    statistic: "Average",
    period: Duration.minutes(1),
    ...props,
  });
}
