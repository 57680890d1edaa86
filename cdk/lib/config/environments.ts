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
    // capacity-model.ts: (256 − 32 collector) / 1024 vCPU × 15,000 req/s × 0.5 × 60 s.
    scaleOnRequestsPerTarget: 98_000,
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
    // capacity-model.ts: (512 − 32 collector) / 1024 vCPU × 15,000 req/s × 0.5 × 60 s.
    scaleOnRequestsPerTarget: 210_000,
    destroyOnRemoval: false,
  },
};
