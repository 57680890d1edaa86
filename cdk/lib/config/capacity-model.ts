/**
 * How much one task serves, from the bench (docs/performance.md, "Where it stands"): the service
 * spent at most 64 µs of CPU per request over nine runs (44–64 µs), i.e. at least 15,600
 * requests/s per fully used vCPU. The derivation and what it leaves out are in
 * docs/operations.md, "Capacity model".
 */
export const capacityModel = {
  /** Requests/s one vCPU serves: the bench's worst CPU per request (64 µs), rounded down. */
  requestsPerVcpu: 15_000,
  /**
   * Share of that the request-count scaling target plans to use. The bench posts 10 numbers on an
   * x64 VM; production runs ARM64 with bodies of up to 10,000 numbers, so half is kept back, and
   * the CPU target (60 %) scales out first whenever requests cost more than the bench's.
   */
  headroom: 0.5,
} as const;

/**
 * What the metrics collector may use of every task. Scraping a few dozen series every 30 s needs
 * little; the hard memory cap means a misbehaving collector is killed alone.
 */
export const collectorBudget = { cpu: 32, memoryLimitMiB: 96 } as const;

/** CPU units the service itself is guaranteed in a task of `taskCpu` units. */
export const serviceCpuUnits = (taskCpu: number): number => taskCpu - collectorBudget.cpu;

/** Requests/s one task of `taskCpu` units serves at the model's planned use. */
export const plannedRequestsPerTask = (taskCpu: number): number =>
  (serviceCpuUnits(taskCpu) / 1024) * capacityModel.requestsPerVcpu * capacityModel.headroom;

/**
 * The ALB request-count-per-target scaling target for a task of `taskCpu` units: the planned
 * requests/s over the metric's one-minute period, rounded down to a thousand.
 */
export const requestsPerTargetPerMinute = (taskCpu: number): number => Math.floor((plannedRequestsPerTask(taskCpu) * 60) / 1000) * 1000;
