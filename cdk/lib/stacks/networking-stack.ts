import { Fn, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/environment-config.js";
import { serviceContract } from "../config/service-contract.js";
import { Network } from "../constructs/network.js";

export interface NetworkingStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/** VPC, flow logs and the security groups of the request path. */
export class NetworkingStack extends Stack {
  readonly vpc: ec2.IVpc;
  readonly loadBalancerSecurityGroup: ec2.ISecurityGroup;
  readonly serviceSecurityGroup: ec2.ISecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkingStackProps) {
    super(scope, id, props);
    const { config } = props;
    const network = new Network(this, "Network", {
      availabilityZones: config.availabilityZones ?? Array.from({ length: config.azCount }, (_, i) => Fn.select(i, Fn.getAzs())),
      cidr: config.vpcCidr,
      natGateways: config.natGateways,
      appPort: serviceContract.containerPort,
      ingressCidrs: config.ingressCidrs,
      removalPolicy: config.destroyOnRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.vpc = network.vpc;
    this.loadBalancerSecurityGroup = network.loadBalancerSecurityGroup;
    this.serviceSecurityGroup = network.serviceSecurityGroup;
  }
}
