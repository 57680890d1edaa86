import { readFileSync } from "node:fs";
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { stringify } from "yaml";

/**
 * The collector image, pinned by tag and digest in `cdk/collector/Dockerfile` so that it is
 * updated like the service's base image, never by a moving tag.
 */
export const collectorImage: string = (() => {
  const dockerfile = readFileSync(new URL("../../collector/Dockerfile", import.meta.url), "utf8");
  const from = /^FROM\s+(\S+)\s*$/m.exec(dockerfile)?.[1];
  if (!from) throw new Error("cdk/collector/Dockerfile has no FROM line naming the collector image");
  return from;
})();

/** CloudWatch names of what the collector publishes; Prometheus names are normalised to these. */
export const collectedMetricNames = {
  requestDuration: "ServiceRequestDuration",
  secretRefreshFailures: "ServiceSecretRefreshFailures",
  gatewayRejections: "ServiceGatewayRejections",
  requestsShed: "ServiceRequestsShed",
} as const;

/** Dimension every collected metric carries (a label the scrape adds), so the names never collide. */
const serviceDimension = { service: "sum-service" };

export interface MetricsCollectorProps {
  /** The service's task; the collector joins it as a second container. */
  readonly taskDefinition: ecs.FargateTaskDefinition;
  /** CloudWatch namespace of the platform's metrics, e.g. `SumPlatform/Dev`. */
  readonly namespace: string;
  /** Log group for the collector's own output, under the `collector` stream prefix. */
  readonly logGroup: logs.ILogGroup;
  /** Name of the log group the EMF records go to. */
  readonly metricsLogGroupName: string;
  /** Port on which the service serves `GET /metrics`. */
  readonly metricsPort: number;
  /** Task volume mounted writable at /tmp, since the collector's root filesystem is read-only. @default undefined */
  readonly scratchVolumeName?: string;
  /** @default logs.RetentionDays.TWO_WEEKS */
  readonly metricsRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** @default Duration.seconds(30) */
  readonly scrapeInterval?: Duration;
  /** CPU units reserved for the collector inside the task. */
  readonly cpu: number;
  /** Hard memory limit (MiB) of the collector; past it only the collector is killed. */
  readonly memoryLimitMiB: number;
}

/**
 * The AWS Distro for OpenTelemetry collector as a sidecar: scrapes the service's Prometheus
 * endpoint on localhost and writes the metrics to CloudWatch as EMF under the platform namespace.
 * Non-essential: a collector that dies costs metrics, never requests.
 */
export class MetricsCollector extends Construct {
  readonly container: ecs.ContainerDefinition;

  readonly #namespace: string;

  constructor(scope: Construct, id: string, props: MetricsCollectorProps) {
    super(scope, id);
    const { cpu, memoryLimitMiB } = props;
    const metricsLogGroup = new logs.LogGroup(this, "MetricsLogGroup", {
      logGroupName: props.metricsLogGroupName,
      retention: props.metricsRetention ?? logs.RetentionDays.TWO_WEEKS,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const config = collectorConfig({
      region: Stack.of(this).region,
      namespace: props.namespace,
      logGroupName: props.metricsLogGroupName,
      metricsPort: props.metricsPort,
      scrapeIntervalSeconds: (props.scrapeInterval ?? Duration.seconds(30)).toSeconds(),
      // Leave the runtime headroom under the hard limit before the limiter starts refusing data.
      memoryLimitMiB: Math.floor(memoryLimitMiB * 0.8),
    });
    this.container = props.taskDefinition.addContainer("Collector", {
      containerName: "collector",
      image: ecs.ContainerImage.fromRegistry(collectorImage),
      essential: false,
      cpu,
      memoryLimitMiB,
      readonlyRootFilesystem: true,
      environment: { AOT_CONFIG_CONTENT: config },
      logging: ecs.LogDrivers.awsLogs({
        logGroup: props.logGroup,
        // Its own streams beside the service's; its lines are not JSON, so no metric filter counts them.
        streamPrefix: "collector",
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
      }),
    });
    if (props.scratchVolumeName) {
      this.container.addMountPoints({ sourceVolume: props.scratchVolumeName, containerPath: "/tmp", readOnly: false });
    }
    // EMF needs only to create and write streams in its own group; the group exists, so no CreateLogGroup.
    metricsLogGroup.grantWrite(props.taskDefinition.taskRole);

    this.#namespace = props.namespace;
  }

  /** The service's own time to answer requests on `route`, from its histogram (mean per period). */
  metricRequestDuration(route: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.#metric(collectedMetricNames.requestDuration, { statistic: "Average", ...options, dimensionsMap: { ...serviceDimension, route } });
  }

  /** Requests the service answered on `route`, counted by its histogram. */
  metricRequests(route: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.#metric(collectedMetricNames.requestDuration, { statistic: "SampleCount", ...options, dimensionsMap: { ...serviceDimension, route } });
  }

  /** Failed refreshes of the gateway secret, from the service's counter. */
  metricSecretRefreshFailures(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.#metric(collectedMetricNames.secretRefreshFailures, { statistic: "Sum", ...options, dimensionsMap: serviceDimension });
  }

  /** Requests refused for a missing or wrong gateway secret, from the service's counter. */
  metricGatewayRejections(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.#metric(collectedMetricNames.gatewayRejections, { statistic: "Sum", ...options, dimensionsMap: serviceDimension });
  }

  /**
   * Requests the service shed with a 503 (admission control), both reasons together. The load
   * balancer counts these in its target 5xx, so the error alarms subtract them.
   */
  metricRequestsShed(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.#metric(collectedMetricNames.requestsShed, { statistic: "Sum", ...options, dimensionsMap: serviceDimension });
  }

  #metric(metricName: string, options: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: this.#namespace, metricName, period: Duration.minutes(1), ...options });
  }
}

interface CollectorConfigOptions {
  readonly region: string;
  readonly namespace: string;
  readonly logGroupName: string;
  readonly metricsPort: number;
  readonly scrapeIntervalSeconds: number;
  readonly memoryLimitMiB: number;
}

/**
 * The collector's configuration (passed inline as AOT_CONFIG_CONTENT). Prometheus names are
 * renamed to fixed CloudWatch names whichever way the receiver normalises suffixes (`_total`,
 * `_seconds`), and only the declared metrics and dimensions become CloudWatch metrics.
 */
function collectorConfig(options: CollectorConfigOptions): string {
  const rename = (prometheusName: string, suffix: string, newName: string) => ({
    include: `^${prometheusName}(${suffix})?$`,
    match_type: "regexp",
    action: "update",
    new_name: newName,
  });
  return stringify({
    receivers: {
      prometheus: {
        config: {
          scrape_configs: [
            {
              job_name: "sum-service",
              scrape_interval: `${options.scrapeIntervalSeconds}s`,
              static_configs: [{ targets: [`localhost:${options.metricsPort}`], labels: serviceDimension }],
            },
          ],
        },
      },
    },
    processors: {
      memory_limiter: { check_interval: "1s", limit_mib: options.memoryLimitMiB },
      // The task id names each task's EMF log stream.
      resourcedetection: { detectors: ["ecs"], timeout: "2s", override: false },
      metricstransform: {
        transforms: [
          rename("http_request_duration", "_seconds", collectedMetricNames.requestDuration),
          rename("gateway_secret_refresh_failures", "_total", collectedMetricNames.secretRefreshFailures),
          rename("gateway_rejections", "_total", collectedMetricNames.gatewayRejections),
          rename("http_requests_shed", "_total", collectedMetricNames.requestsShed),
        ],
      },
      // Only what the dashboard reads leaves the task: every EMF line is billed as log ingestion.
      filter: { metrics: { include: { match_type: "strict", metric_names: Object.values(collectedMetricNames) } } },
      batch: { timeout: "10s" },
    },
    exporters: {
      awsemf: {
        region: options.region,
        namespace: options.namespace,
        log_group_name: options.logGroupName,
        log_stream_name: "collector-{TaskId}",
        dimension_rollup_option: "NoDimensionRollup",
        metric_declarations: [
          { dimensions: [["service", "route"]], metric_name_selectors: [`^${collectedMetricNames.requestDuration}$`] },
          {
            dimensions: [["service"]],
            // The shed counter's `reason` label is left out: the alarms need the total, the load_shed log line has the split.
            metric_name_selectors: [
              `^${collectedMetricNames.secretRefreshFailures}$`,
              `^${collectedMetricNames.gatewayRejections}$`,
              `^${collectedMetricNames.requestsShed}$`,
            ],
          },
        ],
      },
    },
    service: {
      pipelines: {
        metrics: { receivers: ["prometheus"], processors: ["memory_limiter", "resourcedetection", "metricstransform", "filter", "batch"], exporters: ["awsemf"] },
      },
    },
  });
}
