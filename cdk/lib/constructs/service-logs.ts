import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export interface ServiceLogsProps {
  /** CloudWatch namespace of the metrics derived from the logs, e.g. `SumPlatform/Dev`. */
  readonly metricNamespace: string;
  /** Name of the log group. @default a generated name */
  readonly logGroupName?: string;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly retention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Counts derived from the service's pino JSON lines (`event` and numeric `level` fields). */
export interface ServiceLogMetrics {
  /** Requests refused for a missing or wrong gateway secret (`event = gateway_rejected`). */
  readonly gatewayRejections: cloudwatch.Metric;
  /**
   * Refusals of requests that did carry a gateway header (`reason` other than `missing`): a
   * stale or leaked secret, or a task without one. Scanners send no header at all.
   */
  readonly gatewaySecretMismatches: cloudwatch.Metric;
  /** Failed refreshes of the gateway secret (`event = secret_refresh_failed`). */
  readonly secretRefreshFailures: cloudwatch.Metric;
  /** Failed refreshes in a task that never loaded the secret (`keptLastGood` false): it is not ready. */
  readonly secretNotLoaded: cloudwatch.Metric;
  /** Lines at level error or fatal (`level >= 50`), failed secret refreshes left out (they have their own alarms). */
  readonly applicationErrors: cloudwatch.Metric;
}

/** The service's log group and the metric filters alarms and the dashboard count. */
export class ServiceLogs extends Construct {
  readonly logGroup: logs.ILogGroup;
  readonly metrics: ServiceLogMetrics;

  constructor(scope: Construct, id: string, props: ServiceLogsProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, "LogGroup", {
      logGroupName: props.logGroupName,
      retention: props.retention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const count = (filterId: string, metricName: string, pattern: logs.IFilterPattern) =>
      new logs.MetricFilter(this, filterId, {
        logGroup,
        filterPattern: pattern,
        metricNamespace: props.metricNamespace,
        metricName,
        metricValue: "1",
        // Emits 0 on every non-matching line so a quiet period reads as zero, not missing.
        defaultValue: 0,
      }).metric({ statistic: "Sum", period: Duration.minutes(5) });

    this.logGroup = logGroup;
    this.metrics = {
      gatewayRejections: count("GatewayRejected", "GatewayRejections", logs.FilterPattern.stringValue("$.event", "=", "gateway_rejected")),
      gatewaySecretMismatches: count(
        "GatewaySecretMismatch",
        "GatewaySecretMismatches",
        logs.FilterPattern.all(logs.FilterPattern.stringValue("$.event", "=", "gateway_rejected"), logs.FilterPattern.stringValue("$.reason", "!=", "missing")),
      ),
      secretRefreshFailures: count(
        "SecretRefreshFailed",
        "SecretRefreshFailures",
        logs.FilterPattern.stringValue("$.event", "=", "secret_refresh_failed"),
      ),
      secretNotLoaded: count(
        "SecretNotLoaded",
        "SecretNotLoaded",
        logs.FilterPattern.all(logs.FilterPattern.stringValue("$.event", "=", "secret_refresh_failed"), logs.FilterPattern.booleanValue("$.keptLastGood", false)),
      ),
      applicationErrors: count(
        "ApplicationErrors",
        "ApplicationErrors",
        logs.FilterPattern.all(
          logs.FilterPattern.numberValue("$.level", ">=", 50),
          // A failed secret fetch pages through its own two alarms, not twice. `!=` never matches a
          // line without the field, so lines without `event` (unexpected errors) need the NOT EXISTS.
          logs.FilterPattern.any(logs.FilterPattern.stringValue("$.event", "!=", "secret_refresh_failed"), logs.FilterPattern.notExists("$.event")),
        ),
      ),
    };
  }
}
