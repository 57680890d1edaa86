import { readFileSync } from "node:fs";
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { capacityModel, collectorBudget, plannedRequestsPerTask, requestsPerTargetPerMinute } from "../../cdk/lib/config/capacity-model.js";
import { environments } from "../../cdk/lib/config/environments.js";
import { synthPlatform } from "./support/synth-platform.js";

const doc = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const grouped = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

describe("capacity model", () => {
  it("takes its per-vCPU figure from the bench's worst measured CPU per request", () => {
    const [, worstMicros] = /CPU per request\s+moves by [^(]*\((\d+)–(\d+) µs\)/.exec(doc("docs/performance.md").replace(/\n/g, " "))!.slice(1);
    const measuredPerVcpu = 1e6 / Number(worstMicros);
    expect(capacityModel.requestsPerVcpu).toBeLessThanOrEqual(measuredPerVcpu);
    expect(capacityModel.requestsPerVcpu).toBeGreaterThan(measuredPerVcpu * 0.9);
    expect(capacityModel.headroom).toBeGreaterThan(0);
    expect(capacityModel.headroom).toBeLessThanOrEqual(0.6);
  });

  it.each(Object.values(environments).map((c) => [c.name, c] as const))(
    "sets %s's request-count scaling target from the model for its task size",
    (_name, config) => {
      expect(config.scaleOnRequestsPerTarget).toBe(requestsPerTargetPerMinute(config.taskCpu));
      // About 100x what the old fixed 1,000 a minute (~17 requests/s per task) assumed.
      expect(config.scaleOnRequestsPerTarget / 60).toBeGreaterThan(1000);
    },
  );

  it.each(["dev", "prod"])("reaches the %s template: scaling target and the service's CPU share", (envName) => {
    const { config, templates } = synthPlatform(envName);
    templates.compute.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: "ALBRequestCountPerTarget" }),
        TargetValue: requestsPerTargetPerMinute(config.taskCpu),
      },
    });
    const [task] = Object.values(templates.compute.findResources("AWS::ECS::TaskDefinition")) as { Properties: { ContainerDefinitions: { Name: string; Cpu: number }[] } }[];
    const cpuOf = (name: string) => task!.Properties.ContainerDefinitions.find((c) => c.Name === name)!.Cpu;
    expect(cpuOf("Service")).toBe(config.taskCpu - collectorBudget.cpu);
    expect(cpuOf("collector")).toBe(collectorBudget.cpu);
  });

  it("is written down in the operations guide with the figures the config uses", () => {
    const guide = doc("docs/operations.md");
    const section = /## Capacity model\n([\s\S]*?)\n## /.exec(guide)?.[1] ?? "";
    expect(section).toContain(`${grouped(capacityModel.requestsPerVcpu)} requests/s per vCPU`);
    for (const config of Object.values(environments)) {
      expect(section, config.name).toContain(grouped(config.scaleOnRequestsPerTarget));
      expect(section, config.name).toContain(grouped(Math.floor(plannedRequestsPerTask(config.taskCpu))));
    }
  });
});
