import { requestsPerTargetPerMinute } from "./capacity-model.js";
import type { EnvironmentConfig } from "./environment-config.js";

const shared = {
  region: "eu-west-1",
  ingressCidrs: ["0.0.0.0/0"],
  scaleOnCpuPercent: 60,
  secretRotationDays: 30,
  logLevel: "info",
  latencyP99ThresholdSeconds: 1,
} as const satisfies Partial<EnvironmentConfig>;

/** The environments `-c env=<name>` can select. */
export const environments: Readonly<Record<string, EnvironmentConfig>> = {
  dev: {
    ...shared,
    name: "dev",
    stackLabel: "Dev",
    azCount: 2,
    vpcCidr: "10.0.0.0/16",
    natGateways: 1,
    logRetentionDays: 14,
    accessLogRetentionDays: 30,
    minTasks: 2,
    maxTasks: 4,
    taskCpu: 256,
    taskMemoryMiB: 512,
    // From the bench's per-vCPU figure (capacity-model.ts): 98,000 a minute.
    scaleOnRequestsPerTarget: requestsPerTargetPerMinute(256),
    destroyOnRemoval: true,
  },
  prod: {
    ...shared,
    name: "prod",
    stackLabel: "Prod",
    azCount: 3,
    vpcCidr: "10.1.0.0/16",
    natGateways: 3,
    logRetentionDays: 90,
    accessLogRetentionDays: 365,
    minTasks: 3,
    maxTasks: 12,
    taskCpu: 512,
    taskMemoryMiB: 1024,
    // From the bench's per-vCPU figure (capacity-model.ts): 210,000 a minute.
    scaleOnRequestsPerTarget: requestsPerTargetPerMinute(512),
    destroyOnRemoval: false,
  },
};
