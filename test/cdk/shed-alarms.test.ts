import { describe, expect, it } from "vitest";
import { collectedMetricNames } from "../../cdk/lib/constructs/metrics-collector.js";
import { synthPlatform } from "./support/synth-platform.js";

interface MetricQuery {
  readonly Id: string;
  readonly Expression?: string;
  readonly ReturnData?: boolean;
  readonly MetricStat?: { Period: number; Stat: string; Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] } };
}
type AlarmProps = Record<string, unknown> & { AlarmName: string; Metrics?: MetricQuery[] };

const compute = synthPlatform("dev").templates.compute;
const alarm = (name: string) =>
  (Object.values(compute.findResources("AWS::CloudWatch::Alarm")) as { Properties: AlarmProps }[])
    .map((r) => r.Properties)
    .find((p) => p.AlarmName === `SumPlatform-Dev-${name}`)!;
const expressionOf = (props: AlarmProps) => props.Metrics!.find((m) => m.ReturnData !== false && m.Expression)!.Expression!;
/** The query id under which the alarm reads the service's shed counter. */
const shedQuery = (props: AlarmProps) => props.Metrics!.find((m) => m.MetricStat?.Metric.MetricName === collectedMetricNames.requestsShed)!;

describe("load shedding is not counted as a fault", () => {
  it.each(["Target5xxRate", "SloBurnRate-5m", "SloBurnRate-60m", "SloBurnRate-30m", "SloBurnRate-360m"])(
    "%s reads the collector's shed counter by its namespace and service dimension, summed over its own period",
    (name) => {
      const props = alarm(name);
      const shed = shedQuery(props).MetricStat!;
      const periods = props.Metrics!.filter((m) => m.MetricStat).map((m) => m.MetricStat!.Period);
      expect(shed.Metric.Namespace).toBe("SumPlatform/Dev");
      expect(shed.Metric.Dimensions).toEqual([{ Name: "service", Value: "sum-service" }]);
      expect(shed.Stat).toBe("Sum");
      expect(new Set(periods)).toEqual(new Set([shed.Period]));
    },
  );

  it("Target5xxRate subtracts the shed 503s from target 5xx, never below 0, with a missing shed series as 0", () => {
    const props = alarm("Target5xxRate");
    const shedId = shedQuery(props).Id;
    expect(expressionOf(props)).toBe(
      `IF(requests >= 20, 100 * IF(FILL(errors, 0) > FILL(${shedId}, 0), FILL(errors, 0) - FILL(${shedId}, 0), 0) / requests, 0)`,
    );
    expect(props.Metrics!.find((m) => m.Id === "errors")!.MetricStat!.Metric.MetricName).toBe("HTTPCode_Target_5XX_Count");
  });

  it("still rolls deployments back on Target5xxRate, but not on shedding", () => {
    const [service] = Object.values(compute.findResources("AWS::ECS::Service")) as { Properties: { DeploymentConfiguration: { Alarms: { AlarmNames: string[] } } } }[];
    const names = JSON.stringify(service!.Properties.DeploymentConfiguration.Alarms.AlarmNames);
    expect(names).toContain("Target5xxRate");
    expect(names).not.toContain("RequestsShed");
  });

  it("the SLO burn counts load-balancer and target 5xx minus the shed 503s", () => {
    const props = alarm("SloBurnRate-5m");
    const shedId = shedQuery(props).Id;
    const sum = "(FILL(errors0, 0) + FILL(errors1, 0))";
    expect(expressionOf(props)).toBe(`(IF(${sum} > FILL(${shedId}, 0), ${sum} - FILL(${shedId}, 0), 0) / requests) / 0.001`);
  });
});

describe("RequestsShed", () => {
  const props = alarm("RequestsShed");

  it("pages when 1% or more of requests are shed in each of three 5-minute periods with real traffic", () => {
    expect(props).toMatchObject({ Threshold: 1, ComparisonOperator: "GreaterThanOrEqualToThreshold", EvaluationPeriods: 3, DatapointsToAlarm: 3 });
    expect(props.TreatMissingData).toBe("notBreaching");
    const shedId = shedQuery(props).Id;
    expect(expressionOf(props)).toBe(`IF(requests >= 100, 100 * FILL(${shedId}, 0) / requests, 0)`);
    const requests = props.Metrics!.find((m) => m.Id === "requests")!.MetricStat!;
    expect(requests.Metric.MetricName).toBe("RequestCount");
    expect(requests.Metric.Dimensions.map((d) => d.Name)).toEqual(["LoadBalancer", "TargetGroup"]);
    expect(requests.Period).toBe(300);
    expect(shedQuery(props).MetricStat!.Period).toBe(300);
  });

  it("notifies the alert topic and names its runbook", () => {
    expect(props.AlarmActions).toHaveLength(1);
    expect(props.OKActions).toEqual(props.AlarmActions);
    expect(String(props.AlarmDescription)).toMatch(/Runbook: docs\/runbooks\/RequestsShed\.md$/);
  });
});
