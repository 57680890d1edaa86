import { Duration, type RemovalPolicy, Size, Stack, Validations } from "aws-cdk-lib";
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { collectorBudget, serviceCpuUnits } from "../config/capacity-model.js";
import { serviceContract } from "../config/service-contract.js";
import { MetricsCollector } from "./metrics-collector.js";

export interface SumTaskDefinitionProps {
  /** Image tag in the `sum-service` ECR repository (CI pushes the commit SHA). */
  readonly imageTag: string;
  /** The gateway secret; the task role may read this one secret and nothing else. */
  readonly gatewaySecret: secretsmanager.ISecret;
  /** KMS key of the gateway secret; the task may decrypt with it only through Secrets Manager. @default undefined */
  readonly gatewaySecretKey?: kms.IKey;
  readonly logGroup: logs.ILogGroup;
  /** Fargate CPU units. @default 256 */
  readonly cpu?: number;
  /** Fargate memory (MiB). @default 512 */
  readonly memoryMiB?: number;
  /** The service's LOG_LEVEL. @default "info" */
  readonly logLevel?: string;
  /** CloudWatch namespace the collector writes the service's metrics to, e.g. `SumPlatform/Dev`. */
  readonly metricNamespace: string;
  /** Log group the collector's EMF records go to (created here). */
  readonly metricsLogGroupName: string;
  /** @default logs.RetentionDays.TWO_WEEKS */
  readonly metricsRetention?: logs.RetentionDays;
  /** Removal policy of the metrics log group. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The service's ARM64 Fargate task: non-root, read-only root filesystem, self health check, and
 * the metrics collector beside it.
 */
export class SumTaskDefinition extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly collector: MetricsCollector;

  constructor(scope: Construct, id: string, props: SumTaskDefinitionProps) {
    super(scope, id);
    const taskCpu = props.cpu ?? 256;
    const taskMemoryMiB = props.memoryMiB ?? 512;
    const taskDefinition = new ecs.FargateTaskDefinition(this, "Task", {
      cpu: taskCpu,
      memoryLimitMiB: taskMemoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      // Scratch space, because the root filesystem is read-only.
      volumes: [{ name: "tmp" }],
    });
    const repository = ecr.Repository.fromRepositoryName(this, "Repository", serviceContract.repositoryName);
    const container = taskDefinition.addContainer("Service", {
      image: ecs.ContainerImage.fromEcrRepository(repository, props.imageTag),
      essential: true,
      // Reserve what the task has beside the collector; the capacity model counts only these units.
      cpu: serviceCpuUnits(taskCpu),
      memoryReservationMiB: taskMemoryMiB - collectorBudget.memoryLimitMiB,
      user: serviceContract.user,
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: serviceContract.containerPort, name: "http" }],
      environment: {
        NODE_ENV: "production",
        GATEWAY_SECRET_ARN: props.gatewaySecret.secretArn,
        AWS_REGION: Stack.of(this).region,
        LOG_LEVEL: props.logLevel ?? "info",
        PORT: String(serviceContract.containerPort),
        METRICS_PORT: String(serviceContract.metricsPort),
        SHUTDOWN_TIMEOUT_MS: String(serviceContract.drainBudget.toMilliseconds()),
      },
      healthCheck: {
        command: [...serviceContract.healthCheckCommand],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(20),
      },
      // SIGTERM → drain (10 s) → SIGKILL only after this: the drain always completes.
      stopTimeout: Duration.seconds(30),
      logging: ecs.LogDrivers.awsLogs({
        logGroup: props.logGroup,
        streamPrefix: "service",
        // A slow log sink must never block request handling.
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
    });
    container.addMountPoints({ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false });
    const collector = new MetricsCollector(this, "Collector", {
      taskDefinition,
      namespace: props.metricNamespace,
      logGroup: props.logGroup,
      metricsLogGroupName: props.metricsLogGroupName,
      metricsPort: serviceContract.metricsPort,
      scratchVolumeName: "tmp",
      metricsRetention: props.metricsRetention,
      removalPolicy: props.removalPolicy,
      cpu: collectorBudget.cpu,
      memoryLimitMiB: collectorBudget.memoryLimitMiB,
    });
    props.gatewaySecret.grantRead(taskDefinition.taskRole);
    if (props.gatewaySecretKey) {
      taskDefinition.addToTaskRolePolicy(
        new iam.PolicyStatement({
          actions: ["kms:Decrypt"],
          resources: [props.gatewaySecretKey.keyArn],
          conditions: { StringEquals: { "kms:ViaService": `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }

    Validations.of(taskDefinition).acknowledge({
      id: "AwsSolutions-ECS2",
      reason:
        "The environment holds only non-secret settings (mode, region, log level, ports, the secret's ARN, the collector's scrape and export config). " +
        "The gateway secret's value is never in the task definition; the service reads and refreshes it at run time.",
    });
    Validations.of(taskDefinition.obtainExecutionRole()).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "ecr:GetAuthorizationToken has no resource-level permissions; image pulls are scoped to the sum-service repository ARN.",
    });

    this.taskDefinition = taskDefinition;
    this.container = container;
    this.collector = collector;
  }
}
