import { CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/environment-config.js";
import { serviceContract } from "../config/service-contract.js";
import { CertificateExpiryAlarm } from "../constructs/certificate-expiry-alarm.js";
import { PublicLoadBalancer } from "../constructs/public-load-balancer.js";
import { ScannerRateLimit } from "../constructs/scanner-rate-limit.js";
import { RequestPathAlarms } from "../constructs/request-path-alarms.js";
import { ServiceDashboard } from "../constructs/service-dashboard.js";
import type { ServiceLogMetrics } from "../constructs/service-logs.js";
import { SumService } from "../constructs/sum-service.js";
import { SumTaskDefinition } from "../constructs/sum-task-definition.js";
import { TaskAlarms } from "../constructs/task-alarms.js";

export interface ComputeStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly namePrefix: string;
  /**
   * Tag of the `sum-service` image to run.
   * @default undefined (a required `ImageTag` stack parameter: a deploy must name the image)
   */
  readonly imageTag?: string;
  readonly vpc: ec2.IVpc;
  readonly loadBalancerSecurityGroup: ec2.ISecurityGroup;
  readonly serviceSecurityGroup: ec2.ISecurityGroup;
  readonly gatewaySecret: secretsmanager.ISecret;
  readonly alertTopic: sns.ITopic;
  readonly logGroup: logs.ILogGroup;
  readonly logMetrics: ServiceLogMetrics;
  /** Names of alarms owned by the observability stack, shown on the dashboard. */
  readonly logAlarmNames: readonly string[];
  /** Names of alarms owned by the observability stack that roll a deployment back. */
  readonly logDeploymentAlarmNames: readonly string[];
}

/** Load balancer, ECS service, autoscaling, and the alarms and dashboard that watch them. */
export class ComputeStack extends Stack {
  constructor(scope: Construct, id: string, props: ComputeStackProps) {
    super(scope, id, props);
    const { config } = props;
    // Rules on these groups belong to the networking stack; import them read-only so that
    // attaching targets here adds no duplicate cross-stack rules.
    const lbSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, "LoadBalancerSg", props.loadBalancerSecurityGroup.securityGroupId, {
      mutable: false,
      allowAllOutbound: false,
    });
    const serviceSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, "ServiceSg", props.serviceSecurityGroup.securityGroupId, {
      mutable: false,
    });

    // Likewise the secret: granting on the owned secret would write the task role into its key
    // policy and make the secrets stack depend on this one. The task definition grants the
    // key use through the role's own policy instead.
    const gatewaySecret = secretsmanager.Secret.fromSecretAttributes(this, "GatewaySecret", {
      secretCompleteArn: props.gatewaySecret.secretArn,
    });

    const ingress = new PublicLoadBalancer(this, "Ingress", {
      vpc: props.vpc,
      securityGroup: lbSecurityGroup,
      targetPort: serviceContract.containerPort,
      healthCheckPath: serviceContract.readinessPath,
      idleTimeout: Duration.seconds(serviceContract.keepAliveTimeout.toSeconds() - 5),
      deregistrationDelay: Duration.seconds(15),
      certificateArn: config.certificateArn,
      originDomainName: config.originDomainName,
      accessLogRetentionDays: config.accessLogRetentionDays,
      deletionProtection: !config.destroyOnRemoval,
      requiredHeader: serviceContract.gatewaySecretHeader,
    });
    if (config.scannerRateLimitPerFiveMinutes !== undefined) {
      new ScannerRateLimit(this, "ScannerRateLimit", {
        loadBalancerArn: ingress.loadBalancer.loadBalancerArn,
        gatewayHeader: serviceContract.gatewaySecretHeader,
        limitPerFiveMinutes: config.scannerRateLimitPerFiveMinutes,
        namePrefix: props.namePrefix,
      });
    }
    const imageTag =
      props.imageTag ??
      new CfnParameter(this, "ImageTag", {
        type: "String",
        allowedPattern: serviceContract.imageTagPattern,
        constraintDescription: "the commit SHA CI tagged the sum-service image with",
        description: "Tag of the sum-service image (commit SHA). Pass -c imageTag=<sha> to cdk instead.",
      }).valueAsString;
    const task = new SumTaskDefinition(this, "TaskDefinition", {
      imageTag,
      gatewaySecret,
      gatewaySecretKey: props.gatewaySecret.encryptionKey,
      logGroup: props.logGroup,
      cpu: config.taskCpu,
      memoryMiB: config.taskMemoryMiB,
      logLevel: config.logLevel,
      // The platform has one metric namespace: the collector writes beside the log metrics.
      metricNamespace: props.logMetrics.gatewayRejections.namespace,
      metricsLogGroupName: `/sum-platform/${config.name}/metrics`,
      metricsRetention: config.logRetentionDays,
      removalPolicy: config.destroyOnRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    const service = new SumService(this, "Service", {
      vpc: props.vpc,
      securityGroup: serviceSecurityGroup,
      taskDefinition: task.taskDefinition,
      targetGroup: ingress.targetGroup,
      minTasks: config.minTasks,
      maxTasks: config.maxTasks,
      scaleOnCpuPercent: config.scaleOnCpuPercent,
      scaleOnRequestsPerTarget: config.scaleOnRequestsPerTarget,
    });
    const alarms = new RequestPathAlarms(this, "Alarms", {
      loadBalancer: ingress.loadBalancer,
      targetGroup: ingress.targetGroup,
      topic: props.alertTopic,
      namePrefix: props.namePrefix,
      minHealthyHosts: config.minTasks,
      latencyP99Seconds: config.latencyP99ThresholdSeconds,
      requestsShed: task.collector.metricRequestsShed(),
    });
    const taskAlarms = new TaskAlarms(this, "TaskAlarms", {
      service: service.service,
      topic: props.alertTopic,
      namePrefix: props.namePrefix,
    });
    const certificateAlarms =
      config.certificateArn === undefined
        ? []
        : [new CertificateExpiryAlarm(this, "CertificateExpiry", { certificateArn: config.certificateArn, topic: props.alertTopic, namePrefix: props.namePrefix }).alarm];
    service.rollBackOn(alarms.deploymentAlarms, props.logDeploymentAlarmNames);
    // By name: an imported alarm adds no cross-stack export that would pin the alarm in place.
    const logAlarms = props.logAlarmNames.map((name) => cloudwatch.Alarm.fromAlarmName(this, name, name));
    new ServiceDashboard(this, "Dashboard", {
      dashboardName: props.namePrefix,
      loadBalancer: ingress.loadBalancer,
      targetGroup: ingress.targetGroup,
      service: service.service,
      logMetrics: props.logMetrics,
      collector: task.collector,
      alarms: [...alarms.alarms, ...taskAlarms.alarms, ...certificateAlarms, ...logAlarms],
    });

    new CfnOutput(this, "LoadBalancerDnsName", { value: ingress.loadBalancer.loadBalancerDnsName });
    new CfnOutput(this, "ServiceUrl", { value: ingress.url, description: "Upstream URL for the gateway (DECK_UPSTREAM_URL)" });
    new CfnOutput(this, "ClusterName", { value: service.cluster.clusterName });
    new CfnOutput(this, "ServiceName", { value: service.service.serviceName });
  }
}
