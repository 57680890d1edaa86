import type * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";

/**
 * Re-keys a target-group metric on the resources' own `LoadBalancerFullName` and
 * `TargetGroupFullName` attributes. `targetGroup.metrics` derives the load balancer part from
 * the listener ARN instead, which resolves to the same value but hides which resource it
 * names; alarms keyed by anything but the full names never fire.
 */
export function targetGroupDimensions(
  loadBalancer: elbv2.ApplicationLoadBalancer,
  targetGroup: elbv2.ApplicationTargetGroup,
): (metric: cloudwatch.Metric) => cloudwatch.Metric {
  const dimensionsMap = {
    LoadBalancer: loadBalancer.loadBalancerFullName,
    TargetGroup: targetGroup.targetGroupFullName,
  };
  return (metric) => metric.with({ dimensionsMap });
}
