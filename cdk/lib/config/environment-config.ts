/**
 * Everything that differs between environments. Stacks and constructs read only this
 * object; the entry (`cdk/bin/platform.ts`) picks one by name.
 */
export interface EnvironmentConfig {
  /** Short lowercase name used in resource names and log group paths, e.g. `dev`. */
  readonly name: string;
  /** PascalCase form of `name` used in stack names, e.g. `Dev` → `SumPlatform-Dev-Compute`. */
  readonly stackLabel: string;
  /**
   * Region the stacks are pinned to. The entry sets it from `-c region=…`, else from the
   * certificate's ARN (a load balancer can only use a certificate of its own region), else from
   * `CDK_DEFAULT_REGION` (the region of the CLI's AWS profile), else keeps this default, so a
   * newcomer's `npm run synth` needs no AWS setup.
   * @default "eu-west-1"
   */
  readonly region: string;
  /**
   * Number of availability zones the VPC spans.
   * @default 2 (dev), 3 (prod)
   */
  readonly azCount: number;
  /**
   * Availability zones to use, `azCount` of them in `region`. Zone names differ per account, so
   * by default the template asks CloudFormation (`Fn::GetAZs`) at deploy time; no synth-time lookup.
   * @default the first `azCount` zones `Fn::GetAZs` returns
   */
  readonly availabilityZones?: readonly string[];
  /**
   * IPv4 CIDR of the VPC.
   * @default "10.0.0.0/16" (dev), "10.1.0.0/16" (prod)
   */
  readonly vpcCidr: string;
  /**
   * NAT gateways for the private subnets; fewer than `azCount` saves money but makes the
   * remaining zones depend on one gateway.
   * @default 1 (dev), 3 (prod)
   */
  readonly natGateways: number;
  /**
   * Days to keep the service's application logs.
   * @default 14 (dev), 90 (prod)
   */
  readonly logRetentionDays: number;
  /**
   * Days to keep ALB access logs in S3 before they expire.
   * @default 30 (dev), 365 (prod)
   */
  readonly accessLogRetentionDays: number;
  /**
   * E-mail address subscribed to the alert topic, if any.
   * @default undefined (no subscription; subscribe a pager out of band)
   */
  readonly alarmEmail?: string;
  /**
   * ACM certificate ARN for the HTTPS listener. Without one the ALB serves HTTP only.
   * @default undefined
   */
  readonly certificateArn?: string;
  /**
   * Hostname the certificate covers, pointed (CNAME or alias) at the load balancer. The
   * gateway calls this name so it can verify the certificate before sending the gateway
   * secret; an ALB's own AWS DNS name can never match a certificate.
   * @default undefined (required together with `certificateArn`)
   */
  readonly originDomainName?: string;
  /**
   * Public base URL of the environment's gateway (Kong), `https://…`. With it an outside canary
   * calls `POST /sum` through the gateway every few minutes; without it there is no canary.
   * @default undefined (no canary; synthesis says so)
   */
  readonly gatewayUrl?: string;
  /**
   * CIDR ranges allowed to reach the ALB. Narrow it to the gateway's published egress ranges
   * where the gateway type has fixed ones (e.g. a dedicated or self-hosted data plane); a
   * serverless gateway's egress is not fixed, so it stays open and the listener's header rule
   * and the service's secret check do the gating.
   * @default ["0.0.0.0/0"]
   */
  readonly ingressCidrs: readonly string[];
  /**
   * Requests without the gateway header one client IP may send per 5 minutes before an AWS WAF
   * rate-based rule blocks it. Costs a web ACL and per-request charges (docs/cost.md).
   * @default undefined (no WAF)
   */
  readonly scannerRateLimitPerFiveMinutes?: number;
  /**
   * Running task bounds for autoscaling, which alone sets the task count (the service template has none).
   * @default 2..4 (dev), 3..12 (prod)
   */
  readonly minTasks: number;
  /** @see minTasks */
  readonly maxTasks: number;
  /**
   * Fargate task size (ARM64).
   * @default 256 CPU units / 512 MiB (dev), 512 / 1024 (prod)
   */
  readonly taskCpu: number;
  /** @see taskCpu */
  readonly taskMemoryMiB: number;
  /**
   * Average CPU utilisation (%) autoscaling keeps the service at.
   * @default 60
   */
  readonly scaleOnCpuPercent: number;
  /**
   * ALB requests per target per minute autoscaling keeps the service at, derived from the bench
   * for the task's CPU by `requestsPerTargetPerMinute` (cdk/lib/config/capacity-model.ts).
   * @default 98,000 (dev), 210,000 (prod)
   */
  readonly scaleOnRequestsPerTarget: number;
  /**
   * Days between automatic rotations of the gateway secret. Must leave the gateway's
   * config sync time to follow (see docs/adr/0001-gateway-secret-rotation.md).
   * @default 30
   */
  readonly secretRotationDays: number;
  /**
   * The service's `LOG_LEVEL`.
   * @default "info"
   */
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace";
  /**
   * p99 target response time (seconds) above which the latency alarm fires.
   * @default 1
   */
  readonly latencyP99ThresholdSeconds: number;
  /**
   * Destroy stateful resources (log groups, KMS keys, the secret) with the stack, and allow deleting
   * the load balancer and stacks. Access-log buckets are always retained.
   * @default true (dev), false (prod)
   */
  readonly destroyOnRemoval: boolean;
}
