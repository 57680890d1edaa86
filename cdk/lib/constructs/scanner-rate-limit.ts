import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";

export interface ScannerRateLimitProps {
  /** ARN of the load balancer the web ACL protects. */
  readonly loadBalancerArn: string;
  /** Header the gateway always sends; only requests without it are counted. */
  readonly gatewayHeader: string;
  /** Requests without the header one client IP may send per 5 minutes before it is blocked. */
  readonly limitPerFiveMinutes: number;
  /** Prefix of the web ACL's name and metrics, e.g. `SumPlatform-Dev`. */
  readonly namePrefix: string;
}

/**
 * A regional WAF web ACL on the load balancer with one rate-based rule: a client IP that sends
 * more than the limit of requests *without* the gateway header in 5 minutes is blocked for a
 * while. Requests that carry the header are never counted, so the gateway's few shared egress
 * addresses are never throttled here (the gateway rate-limits its consumers itself). The load
 * balancer already answers header-less requests with 403; this only keeps floods off it.
 */
export class ScannerRateLimit extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ScannerRateLimitProps) {
    super(scope, id);
    const metricName = `${props.namePrefix}-ScannerRateLimit`;
    const visibility = (name: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name });
    this.webAcl = new wafv2.CfnWebACL(this, "WebAcl", {
      name: metricName,
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: visibility(metricName),
      rules: [
        {
          name: "HeaderlessRequestsPerIp",
          priority: 0,
          action: { block: {} },
          visibilityConfig: visibility(`${metricName}-HeaderlessPerIp`),
          statement: {
            rateBasedStatement: {
              limit: props.limitPerFiveMinutes,
              aggregateKeyType: "IP",
              evaluationWindowSec: 300,
              // AWS's documented pattern for "header missing": NOT (header size > 0).
              scopeDownStatement: {
                notStatement: {
                  statement: {
                    sizeConstraintStatement: {
                      fieldToMatch: { singleHeader: { Name: props.gatewayHeader } },
                      comparisonOperator: "GT",
                      size: 0,
                      textTransformations: [{ priority: 0, type: "NONE" }],
                    },
                  },
                },
              },
            },
          },
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, "Association", { resourceArn: props.loadBalancerArn, webAclArn: this.webAcl.attrArn });
  }
}
