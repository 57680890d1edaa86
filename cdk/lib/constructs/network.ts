import { RemovalPolicy, Validations } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export interface NetworkProps {
  /** Zones the VPC spans: names, or `Fn::GetAZs` tokens, so synthesis needs no lookup. */
  readonly availabilityZones: readonly string[];
  /** IPv4 CIDR of the VPC. */
  readonly cidr: string;
  /** NAT gateways giving the private subnets egress (ECR, Secrets Manager, CloudWatch). */
  readonly natGateways: number;
  /** Port the service listens on inside its tasks. */
  readonly appPort: number;
  /** Who may reach the load balancer. @default ["0.0.0.0/0"] */
  readonly ingressCidrs?: readonly string[];
  /** Days to keep VPC flow logs. @default logs.RetentionDays.ONE_MONTH */
  readonly flowLogRetention?: logs.RetentionDays;
  /** What happens to the flow-log group when the stack goes. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The VPC (public subnets for the load balancer, private subnets with NAT egress for tasks),
 * its flow logs, and the two security groups of the request path: internet → ALB → service.
 */
export class Network extends Construct {
  readonly vpc: ec2.IVpc;
  /** Attached to the load balancer: HTTP/HTTPS from `ingressCidrs`. */
  readonly loadBalancerSecurityGroup: ec2.ISecurityGroup;
  /** Attached to the tasks: the app port from the load balancer security group only. */
  readonly serviceSecurityGroup: ec2.ISecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const vpc = new ec2.Vpc(this, "Vpc", {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: props.natGateways,
      subnetConfiguration: [
        { name: "Public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: "Private", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
    });
    const flowLogGroup = new logs.LogGroup(this, "FlowLogs", {
      retention: props.flowLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    vpc.addFlowLog("FlowLog", {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    const lbSg = new ec2.SecurityGroup(this, "LoadBalancerSecurityGroup", {
      vpc,
      description: "Load balancer: HTTPS from the gateway, HTTP only to redirect",
      allowAllOutbound: false,
    });
    for (const cidr of props.ingressCidrs ?? ["0.0.0.0/0"]) {
      lbSg.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), "HTTPS from the gateway");
      lbSg.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(80), "HTTP, redirected to HTTPS when a certificate is set");
    }

    Validations.of(lbSg).acknowledge({
      id: "AwsSolutions-EC23",
      reason:
        "The load balancer is the public upstream of a managed API gateway whose egress addresses are not fixed; " +
        "ingressCidrs narrows it per environment, and the service rejects every request without the gateway secret.",
    });

    const serviceSg = new ec2.SecurityGroup(this, "ServiceSecurityGroup", {
      vpc,
      description: "Service tasks: app port from the load balancer only",
      // Tasks reach ECR, Secrets Manager and CloudWatch over HTTPS through NAT.
      allowAllOutbound: true,
    });
    serviceSg.addIngressRule(lbSg, ec2.Port.tcp(props.appPort), "App port from the load balancer");
    lbSg.addEgressRule(serviceSg, ec2.Port.tcp(props.appPort), "Forward to the service and run health checks");

    this.vpc = vpc;
    this.loadBalancerSecurityGroup = lbSg;
    this.serviceSecurityGroup = serviceSg;
  }
}
