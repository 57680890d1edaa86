import { readFileSync } from "node:fs";
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Metrics } from "../../app/lib/observability/metrics.js";
import { serviceContract } from "../../cdk/lib/config/service-contract.js";
import { collectedMetricNames, collectorImage } from "../../cdk/lib/constructs/metrics-collector.js";
import { synthPlatform } from "./support/synth-platform.js";

type Container = Record<string, unknown> & { Name: string; Environment?: { Name: string; Value: unknown }[] };
const platforms = { dev: synthPlatform("dev"), prod: synthPlatform("prod") };
const taskOf = (env: keyof typeof platforms) =>
  (Object.values(platforms[env].templates.compute.findResources("AWS::ECS::TaskDefinition"))[0] as { Properties: Record<string, unknown> }).Properties;
const containers = (env: keyof typeof platforms) => taskOf(env).ContainerDefinitions as Container[];
const collector = (env: keyof typeof platforms) => containers(env).find((c) => c.Name === "collector")!;
const service = (env: keyof typeof platforms) => containers(env).find((c) => c.Name === "Service")!;
const envOf = (c: Container) => Object.fromEntries((c.Environment ?? []).map((e) => [e.Name, e.Value]));

interface CollectorConfig {
  receivers: { prometheus: { config: { scrape_configs: { scrape_interval: string; static_configs: { targets: string[] }[] }[] } } };
  processors: Record<string, { transforms?: { include: string; new_name: string }[] }>;
  exporters: { awsemf: { namespace: string; log_group_name: string; region: string; metric_declarations: { metric_name_selectors: string[]; dimensions: string[][] }[] } };
  service: { pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }> };
}
const configOf = (env: keyof typeof platforms) => parse(envOf(collector(env)).AOT_CONFIG_CONTENT as string) as CollectorConfig;

describe("metrics collector: container", () => {
  it("runs the ADOT collector pinned by a released tag and a full sha256 digest, read from its Dockerfile", () => {
    expect(collectorImage).toMatch(/^public\.ecr\.aws\/aws-observability\/aws-otel-collector:v\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    const from = /^FROM (\S+)$/m.exec(readFileSync(new URL("../../cdk/collector/Dockerfile", import.meta.url), "utf8"))![1];
    expect(collector("dev").Image).toBe(from);
    expect(collector("prod").Image).toBe(from);
  });

  it("is not essential, so a collector failure never stops the service's task", () => {
    expect(collector("dev").Essential).toBe(false);
    expect(service("dev").Essential).toBe(true);
  });

  it.each(["dev", "prod"] as const)("fits inside the %s task and leaves the service the rest, with a hard memory cap of its own", (env) => {
    const task = taskOf(env);
    expect(Number(collector(env).Cpu) + Number(service(env).Cpu)).toBe(Number(task.Cpu));
    expect(Number(collector(env).Memory) + Number(service(env).MemoryReservation)).toBe(Number(task.Memory));
    expect(collector(env)).toMatchObject({ Cpu: 32, Memory: 96, ReadonlyRootFilesystem: true });
  });

  it("logs to its own streams in the service log group", () => {
    const options = (c: Container) => (c.LogConfiguration as { Options: Record<string, unknown> }).Options;
    expect(options(collector("dev"))["awslogs-stream-prefix"]).toBe("collector");
    expect(options(collector("dev"))["awslogs-group"]).toEqual(options(service("dev"))["awslogs-group"]);
    expect(options(service("dev"))["awslogs-stream-prefix"]).toBe("service");
  });
});

describe("metrics collector: configuration", () => {
  it("scrapes the port the service serves metrics on, over localhost, which the task never maps", () => {
    const [job] = configOf("dev").receivers.prometheus.config.scrape_configs;
    expect(job!.static_configs[0]!.targets).toEqual([`localhost:${serviceContract.metricsPort}`]);
    expect(envOf(service("dev")).METRICS_PORT).toBe(String(serviceContract.metricsPort));
    expect(JSON.stringify(containers("dev").map((c) => c.PortMappings ?? []))).not.toContain(String(serviceContract.metricsPort));
    expect(job!.scrape_interval).toBe("30s");
  });

  it.each([
    ["dev", "SumPlatform/Dev"],
    ["prod", "SumPlatform/Prod"],
  ] as const)("exports EMF in %s under the platform namespace the log metrics use, in the stack's region", (env, namespace) => {
    const { awsemf } = configOf(env).exporters;
    expect(awsemf.namespace).toBe(namespace);
    expect(awsemf.region).toBe("eu-west-1");
    platforms[env].templates.observability.hasResourceProperties("AWS::Logs::MetricFilter", {
      MetricTransformations: [Match.objectLike({ MetricNamespace: namespace })],
    });
  });

  it("wires every component it defines into the metrics pipeline and nothing undefined", () => {
    const config = configOf("dev");
    const pipeline = config.service.pipelines.metrics!;
    expect(pipeline.receivers).toEqual(Object.keys(config.receivers));
    expect([...pipeline.processors].sort()).toEqual(Object.keys(config.processors).sort());
    expect(pipeline.processors[0]).toBe("memory_limiter");
    expect(pipeline.exporters).toEqual(Object.keys(config.exporters));
  });

  it("renames the service's real Prometheus metrics to the CloudWatch names it declares", async () => {
    const metrics = new Metrics();
    const exposed = ((await metrics.registry.getMetricsAsJSON()) as { name: string }[]).map((m) => m.name);
    const transforms = configOf("dev").processors.metricstransform!.transforms!;
    const declared = configOf("dev").exporters.awsemf.metric_declarations.flatMap((d) => d.metric_name_selectors);
    for (const name of Object.values(collectedMetricNames)) {
      const transform = transforms.find((t) => t.new_name === name)!;
      expect(exposed.filter((metric) => new RegExp(transform.include).test(metric)), name).toHaveLength(1);
      // Whether or not the receiver strips the `_total`/`_seconds` suffix first.
      const suffixless = exposed.find((metric) => new RegExp(transform.include).test(metric))!.replace(/_(total|seconds)$/, "");
      expect(new RegExp(transform.include).test(suffixless), name).toBe(true);
      expect(declared, name).toContain(`^${name}$`);
    }
    const kept = (configOf("dev").processors.filter as unknown as { metrics: { include: { metric_names: string[] } } }).metrics.include.metric_names;
    expect([...kept].sort()).toEqual(Object.values(collectedMetricNames).sort());
  });

  it("exports the load-shedding counter with only the service dimension, so the alarms read one total over both reasons", () => {
    const declaration = configOf("dev").exporters.awsemf.metric_declarations.find((d) => d.metric_name_selectors.includes(`^${collectedMetricNames.requestsShed}$`))!;
    expect(declaration.dimensions).toEqual([["service"]]);
    expect(configOf("dev").processors.metricstransform!.transforms!.find((t) => t.new_name === collectedMetricNames.requestsShed)!.include).toBe(
      "^http_requests_shed(_total)?$",
    );
  });

  it("writes EMF to a log group of its own with the environment's retention", () => {
    const { awsemf } = configOf("prod").exporters;
    expect(awsemf.log_group_name).toBe("/sum-platform/prod/metrics");
    platforms.prod.templates.compute.hasResourceProperties("AWS::Logs::LogGroup", { LogGroupName: "/sum-platform/prod/metrics", RetentionInDays: 90 });
  });
});

describe("metrics collector: dashboard", () => {
  it("graphs the service's own time for POST /sum, the requests it shed, and its gateway counters", () => {
    const [dashboard] = Object.values(platforms.prod.templates.compute.findResources("AWS::CloudWatch::Dashboard")) as {
      Properties: { DashboardBody: { "Fn::Join": [string, unknown[]] } };
    }[];
    const body = JSON.parse(dashboard!.Properties.DashboardBody["Fn::Join"][1].map((p) => (typeof p === "string" ? p : "<T>")).join("")) as {
      widgets: { properties: { metrics?: unknown[][] } }[];
    };
    const graphed = body.widgets.flatMap((w) => w.properties.metrics ?? []).filter((m) => m[0] === "SumPlatform/Prod");
    const find = (name: string, stat?: string) => graphed.find((m) => m[1] === name && (m.at(-1) as { stat?: string }).stat === stat);
    expect(find(collectedMetricNames.requestDuration)!.slice(2, 6)).toEqual(["route", "/sum", "service", "sum-service"]);
    expect(find(collectedMetricNames.requestDuration, "SampleCount")).toBeDefined();
    expect(find(collectedMetricNames.secretRefreshFailures, "Sum")!.slice(2, 4)).toEqual(["service", "sum-service"]);
    expect(find(collectedMetricNames.gatewayRejections, "Sum")!.slice(2, 4)).toEqual(["service", "sum-service"]);
    expect(find(collectedMetricNames.requestsShed, "Sum")!.slice(2, 4)).toEqual(["service", "sum-service"]);
  });
});
