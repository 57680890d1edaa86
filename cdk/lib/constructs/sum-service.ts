import { Duration } from "aws-cdk-lib";
import type * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import type * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { Construct } from "constructs";

export interface SumServiceProps {
  readonly vpc: ec2.IVpc;
  /** Security group the tasks run in; its rules belong to the network. */
  readonly securityGroup: ec2.ISecurityGroup;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  /** Target group the tasks register in (IP targets on the app port). */
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /**
   * Autoscaling bounds. The scalable target alone owns the task count: the service sets no
   * desired count, so a deploy never resets a scaled-out service to its floor (aws-cdk#3919).
   * A new service starts with one task and the scalable target raises it to `minTasks`.
   */
  readonly minTasks: number;
  readonly maxTasks: number;
  /** Average CPU (%) to hold. @default 60 */
  readonly scaleOnCpuPercent?: number;
  /** ALB requests per target per minute to hold. @default 1000 */
  readonly scaleOnRequestsPerTarget?: number;
}

/**
 * ECS cluster (Container Insights) and the Fargate service behind the load balancer:
 * rolling deployments that never drop below full capacity, a circuit breaker that rolls a
 * failing release back, and autoscaling on CPU and on requests per target.
 */
export class SumService extends Construct {
  readonly cluster: ecs.ICluster;
  readonly service: ecs.FargateService;

  constructor(scope: Construct, id: string, props: SumServiceProps) {
    super(scope, id);
    const cluster = new ecs.Cluster(this, "Cluster", {
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
    });
    const service = new ecs.FargateService(this, "Service", {
      cluster,
      taskDefinition: props.taskDefinition,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      assignPublicIp: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [props.securityGroup],
      healthCheckGracePeriod: Duration.seconds(30),
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    });
    // Move tasks back into a zone after it recovers, keeping the spread even.
    (service.node.defaultChild as ecs.CfnService).availabilityZoneRebalancing = "ENABLED";
    service.attachToApplicationTargetGroup(props.targetGroup);

    const scaling = service.autoScaleTaskCount({ minCapacity: props.minTasks, maxCapacity: props.maxTasks });
    scaling.scaleOnCpuUtilization("Cpu", {
      targetUtilizationPercent: props.scaleOnCpuPercent ?? 60,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
    scaling.scaleOnRequestCount("Requests", {
      requestsPerTarget: props.scaleOnRequestsPerTarget ?? 1000,
      targetGroup: props.targetGroup,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });

    this.cluster = cluster;
    this.service = service;
  }

  /**
   * Rolls a deployment back when any of the alarms goes into ALARM while it runs. Alarms of this
   * stack go in by their literal names, and the service waits for them: a Ref to an alarm's name
   * can tie the service into a dependency cycle. Alarms of earlier stacks go in by name alone.
   */
  rollBackOn(alarms: readonly cloudwatch.Alarm[], alarmNamesElsewhere: readonly string[] = []): void {
    const names = alarms.map((alarm) => {
      const name = (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName;
      if (name === undefined) throw new Error(`Deployment alarm ${alarm.node.path} needs an explicit alarmName`);
      this.service.node.addDependency(alarm);
      return name;
    });
    this.service.enableDeploymentAlarms([...names, ...alarmNamesElsewhere], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
  }
}
