import { Annotations } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IConstruct } from "constructs";
import type { EnvironmentConfig } from "./environment-config.js";

/** Fargate CPU units → allowed memory (MiB) range. */
const fargateMemory: Readonly<Record<number, readonly [number, number]>> = {
  256: [512, 2048],
  512: [1024, 4096],
  1024: [2048, 8192],
  2048: [4096, 16384],
  4096: [8192, 30720],
};

const validRetention = new Set<number>(
  Object.values(RetentionDays).filter((v): v is number => typeof v === "number"),
);

function fail(config: EnvironmentConfig, problem: string): never {
  throw new Error(`Environment "${config.name}": ${problem}`);
}

/**
 * Checks a config at synth time: broken invariants throw (synthesis stops),
 * risky-but-legal choices become warnings on `scope`.
 */
export function checkEnvironmentConfig(config: EnvironmentConfig, scope: IConstruct): void {
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(config.region)) fail(config, `region "${config.region}" is not an AWS region`);
  if (config.azCount < 2 || config.azCount > 6) fail(config, `azCount must be 2..6, got ${config.azCount}`);
  if (config.availabilityZones !== undefined) {
    if (config.availabilityZones.length !== config.azCount) {
      fail(config, `availabilityZones names ${config.availabilityZones.length} zones but azCount is ${config.azCount}`);
    }
    for (const az of config.availabilityZones) {
      if (!new RegExp(`^${config.region}[a-z]$`).test(az)) fail(config, `availability zone "${az}" is not a zone of ${config.region}`);
    }
  }
  if (config.natGateways < 1 || config.natGateways > config.azCount) {
    fail(config, `natGateways must be 1..azCount (${config.azCount}), got ${config.natGateways}`);
  }
  if (config.minTasks < 2) fail(config, `minTasks must be at least 2 to survive a zone or task loss, got ${config.minTasks}`);
  if (config.maxTasks < config.minTasks) fail(config, `maxTasks (${config.maxTasks}) is below minTasks (${config.minTasks})`);
  const memory = fargateMemory[config.taskCpu];
  if (!memory) fail(config, `taskCpu ${config.taskCpu} is not a Fargate size`);
  if (config.taskMemoryMiB < memory[0] || config.taskMemoryMiB > memory[1]) {
    fail(config, `taskMemoryMiB ${config.taskMemoryMiB} is outside ${memory[0]}..${memory[1]} for ${config.taskCpu} CPU`);
  }
  for (const days of [config.logRetentionDays]) {
    if (!validRetention.has(days)) fail(config, `logRetentionDays ${days} is not a CloudWatch Logs retention value`);
  }
  if (config.accessLogRetentionDays < 1) fail(config, "accessLogRetentionDays must be positive");
  if (config.secretRotationDays < 1 || config.secretRotationDays > 1000) {
    fail(config, `secretRotationDays must be 1..1000, got ${config.secretRotationDays}`);
  }
  const certificateAt = certificateRegion(config.certificateArn);
  if (config.certificateArn !== undefined && certificateAt === undefined) {
    fail(config, `certificateArn "${config.certificateArn}" is not an ACM certificate ARN`);
  }
  if (certificateAt !== undefined && certificateAt !== config.region) {
    fail(config, `certificateArn is in ${certificateAt}, but a load balancer in ${config.region} can only use a certificate from its own region`);
  }
  if ((config.certificateArn === undefined) !== (config.originDomainName === undefined)) {
    fail(config, "certificateArn and originDomainName go together: the gateway verifies the certificate against that name");
  }
  if (config.originDomainName !== undefined && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(config.originDomainName)) {
    fail(config, `originDomainName "${config.originDomainName}" is not a lower-case DNS hostname`);
  }
  if (config.ingressCidrs.length === 0) fail(config, "ingressCidrs is empty: nothing could reach the load balancer");
  for (const cidr of config.ingressCidrs) {
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr)) fail(config, `ingressCidrs entry "${cidr}" is not an IPv4 CIDR`);
  }

  const limit = config.scannerRateLimitPerFiveMinutes;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 10 || limit > 2_000_000_000)) {
    fail(config, `scannerRateLimitPerFiveMinutes must be an integer 10..2000000000 (AWS WAF's range), got ${limit}`);
  }

  const warn = (message: string) => Annotations.of(scope).addWarningV2("@sum-platform/config", message);
  if (config.certificateArn === undefined) {
    warn(
      `Environment "${config.name}" has no certificateArn/originDomainName: the load balancer serves plain HTTP, ` +
        "and the gateway config (which verifies upstream TLS) cannot be synced to it.",
    );
  }
  if (config.alarmEmail === undefined) {
    warn(`Environment "${config.name}" has no alarmEmail: subscribe a pager to the alert topic or alarms reach no one.`);
  }
  if (config.secretRotationDays < 7) {
    warn(`Environment "${config.name}" rotates the gateway secret every ${config.secretRotationDays} days; the gateway must sync at least that often.`);
  }
}

/** The region an ACM certificate ARN names, or undefined when it is not one. */
export function certificateRegion(arn: string | undefined): string | undefined {
  return /^arn:aws[a-z-]*:acm:([a-z0-9-]+):/.exec(arn ?? "")?.[1];
}
