import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

export interface PublicLoadBalancerProps {
  readonly vpc: ec2.IVpc;
  /** Security group owning the load balancer's rules (created with the network). */
  readonly securityGroup: ec2.ISecurityGroup;
  /** Port and health-check path of the targets. */
  readonly targetPort: number;
  readonly healthCheckPath: string;
  /** Must stay below the targets' keep-alive timeout, or the ALB reuses closed connections (502s). */
  readonly idleTimeout: Duration;
  /** How long a deregistering target keeps finishing requests; keep below the task's stopTimeout. */
  readonly deregistrationDelay: Duration;
  /** ACM certificate for HTTPS; without it the listener serves plain HTTP. @default undefined */
  readonly certificateArn?: string;
  /** Hostname the certificate covers, used in `url`. @default undefined (the ALB's DNS name) */
  readonly originDomainName?: string;
  /** Days before access-log objects expire. @default 90 */
  readonly accessLogRetentionDays?: number;
  /** Refuse deletion of the load balancer outside CloudFormation. @default true */
  readonly deletionProtection?: boolean;
  /**
   * Header every legitimate request carries (the gateway's secret header). Requests without it
   * get a fixed 403 from the load balancer and never reach a task. Only the header's presence is
   * checked here: its value never enters a template, and the service still checks it.
   * @default undefined (everything is forwarded)
   */
  readonly requiredHeader?: string;
}

/** The answer to a request without the gateway header, in the service's problem+json shape. */
const notThroughGateway = JSON.stringify({
  type: "urn:sum-platform:problem:gateway-rejected",
  title: "Forbidden",
  status: 403,
  detail: "This service is reachable only through the API gateway.",
});

/**
 * Internet-facing ALB in the public subnets with access logs, one target group for the
 * service, and an HTTPS listener (HTTP only redirects) when a certificate is configured.
 */
export class PublicLoadBalancer extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** Base URL clients (the gateway) use, e.g. `https://<origin-domain-name>`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);
    const accessLogs = new s3.Bucket(this, "AccessLogs", {
      encryption: s3.BucketEncryption.S3_MANAGED, // the only encryption ALB log delivery supports
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays ?? 90) }],
      // Access logs are audit records: they outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    Validations.of(accessLogs).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "This bucket is itself the access-log destination of the load balancer; server access logs for it would need " +
        "yet another log bucket. Only the ELB log-delivery principal writes to it (bucket policy, SSL only).",
    });

    const loadBalancer = new elbv2.ApplicationLoadBalancer(this, "LoadBalancer", {
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName: "Public" },
      internetFacing: true,
      securityGroup: props.securityGroup,
      idleTimeout: props.idleTimeout,
      dropInvalidHeaderFields: true,
      deletionProtection: props.deletionProtection ?? true,
    });
    loadBalancer.logAccessLogs(accessLogs, "alb");

    const targetGroup = new elbv2.ApplicationTargetGroup(this, "TargetGroup", {
      vpc: props.vpc,
      targetType: elbv2.TargetType.IP,
      port: props.targetPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      deregistrationDelay: props.deregistrationDelay,
      // Two passes 10 s apart bring a new task in within ~20 s; three misses take it out.
      healthCheck: {
        path: props.healthCheckPath,
        healthyHttpCodes: "200",
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });

    const forward = elbv2.ListenerAction.forward([targetGroup]);
    const listener =
      props.certificateArn !== undefined
        ? loadBalancer.addListener("Https", {
            port: 443,
            protocol: elbv2.ApplicationProtocol.HTTPS,
            certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
            sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
            open: false,
          })
        : loadBalancer.addListener("Http", { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: false });
    if (props.certificateArn !== undefined) loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443, open: false });
    if (props.requiredHeader === undefined) {
      listener.addAction("Default", { action: forward });
    } else {
      // A rule on the header's presence ("*" matches any value) forwards; everything else falls
      // through to the default 403, so the rule never depends on how an absent header matches.
      listener.addAction("Default", {
        action: elbv2.ListenerAction.fixedResponse(403, { contentType: "application/json", messageBody: notThroughGateway }),
      });
      listener.addAction("FromGateway", {
        priority: 10,
        conditions: [elbv2.ListenerCondition.httpHeader(props.requiredHeader, ["*"])],
        action: forward,
      });
    }

    this.loadBalancer = loadBalancer;
    this.targetGroup = targetGroup;
    this.url =
      props.certificateArn !== undefined
        ? `https://${props.originDomainName ?? loadBalancer.loadBalancerDnsName}`
        : `http://${loadBalancer.loadBalancerDnsName}`;
  }
}
