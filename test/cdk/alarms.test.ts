import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { synthPlatform, type SynthesizedPlatform } from "./support/synth-platform.js";

type Props = Record<string, unknown>;
interface FoundAlarm {
  readonly stack: string;
  readonly logicalId: string;
  readonly composite: boolean;
  readonly props: Props;
}

const repoFile = (path: string) => new URL(`../../${path}`, import.meta.url);

function alarmsOf(platform: SynthesizedPlatform): FoundAlarm[] {
  return Object.entries(platform.templates).flatMap(([stack, template]) =>
    ["AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"].flatMap((type) =>
      Object.entries(template.findResources(type)).map(([logicalId, r]) => ({
        stack,
        logicalId,
        composite: type.endsWith("CompositeAlarm"),
        props: (r as { Properties: Props }).Properties,
      })),
    ),
  );
}

const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";
const platforms = { dev: synthPlatform("dev"), prod: synthPlatform("prod", { overrides: { certificateArn, originDomainName: "origin.example.com" } }) };
const topicLogicalId = Object.keys(platforms.dev.templates.observability.findResources("AWS::SNS::Topic"))[0]!;
const isTopic = (stack: string) => (action: unknown) =>
  stack === "observability"
    ? JSON.stringify(action) === JSON.stringify({ Ref: topicLogicalId })
    : JSON.stringify(action).includes(`"Fn::ImportValue":"SumPlatform-Dev-Observability:ExportsOutputRef${topicLogicalId}`);
const compositeRules = (alarms: FoundAlarm[]) => alarms.filter((a) => a.composite).map((a) => JSON.stringify(a.props.AlarmRule)).join();
const isComponent = (alarm: FoundAlarm, all: FoundAlarm[]) => compositeRules(all).includes(`"${alarm.logicalId}","Arn"`);

const devAlarms = alarmsOf(platforms.dev);
const paging = devAlarms.filter((a) => !isComponent(a, devAlarms));

describe("alarms", () => {
  it("page on every condition the on-call guide covers", () => {
    const names = paging.map((a) => a.props.AlarmName).sort();
    expect(names).toEqual(
      [
        "ApplicationErrors",
        "GatewaySecretNotLoaded",
        "GatewaySecretRefreshFailures",
        "GatewaySecretRejections",
        "HealthyHostsBelowMinimum",
        "LoadBalancer5xx",
        "RejectedConnections",
        "RequestsShed",
        "RunningTasksBelowDesired",
        "ServiceCpuHigh",
        "ServiceMemoryHigh",
        "SloBurnRate",
        "Target5xxRate",
        "TargetLatencyP99",
        "UnhealthyHosts",
      ].map((key) => `SumPlatform-Dev-${key}`),
    );
    expect(paging.length).toBeGreaterThanOrEqual(12);
  });

  it("notify the alert topic on both ALARM and OK", () => {
    for (const alarm of paging) {
      expect(alarm.props.AlarmActions, String(alarm.props.AlarmName)).toHaveLength(1);
      expect((alarm.props.AlarmActions as unknown[]).every(isTopic(alarm.stack)), String(alarm.props.AlarmName)).toBe(true);
      expect(alarm.props.OKActions).toEqual(alarm.props.AlarmActions);
    }
  });

  it("leave paging to the composite for its window components", () => {
    const components = devAlarms.filter((a) => isComponent(a, devAlarms));
    expect(components).toHaveLength(4);
    for (const alarm of components) expect(alarm.props.AlarmActions).toBeUndefined();
  });

  it("name a runbook that exists, named after the alarm without its environment prefix", () => {
    for (const { props } of [...devAlarms, ...alarmsOf(platforms.prod)]) {
      const match = /Runbook: (docs\/runbooks\/([A-Za-z0-9]+)\.md)/.exec(String(props.AlarmDescription));
      expect(match, String(props.AlarmName)).not.toBeNull();
      expect(existsSync(repoFile(match![1]!)), match![1]).toBe(true);
      expect(String(props.AlarmName)).toMatch(new RegExp(`^SumPlatform-(Dev|Prod)-${match![2]}(-\\d+m)?$`));
    }
  });

  it("each runbook has Meaning, Impact, Diagnosis and Mitigation with copy-paste commands", () => {
    const prodAlarms = alarmsOf(platforms.prod);
    const prodPaging = prodAlarms.filter((a) => !isComponent(a, prodAlarms));
    expect(prodPaging.map((a) => a.props.AlarmName)).toContain("SumPlatform-Prod-OriginCertificateExpiry");
    const keys = new Set([...paging, ...prodPaging].map((a) => String(a.props.AlarmName).replace(/^SumPlatform-(Dev|Prod)-/, "")));
    for (const key of keys) {
      const text = readFileSync(repoFile(`docs/runbooks/${key}.md`), "utf8");
      expect(text, key).toMatch(new RegExp(`^# ${key}\\n`));
      for (const section of ["## Meaning", "## Impact", "## Diagnosis", "## Mitigation"]) expect(text, `${key}: ${section}`).toContain(section);
      expect(text, key).toMatch(/```(bash|sh)\n[^`]*aws /);
    }
  });

  it("choose how missing data counts for every metric alarm", () => {
    for (const alarm of devAlarms.filter((a) => !a.composite)) {
      expect(["breaching", "notBreaching"], String(alarm.props.AlarmName)).toContain(alarm.props.TreatMissingData);
    }
    const byKey = (key: string) => devAlarms.find((a) => a.props.AlarmName === `SumPlatform-Dev-${key}`)!.props.TreatMissingData;
    expect(byKey("HealthyHostsBelowMinimum")).toBe("breaching");
    expect(byKey("RunningTasksBelowDesired")).toBe("breaching");
    expect(byKey("Target5xxRate")).toBe("notBreaching");
    expect(byKey("GatewaySecretRejections")).toBe("notBreaching");
  });

  it("key load balancer and target group metrics by the resources' full-name attributes", () => {
    const dimensions: { Name: string; Value: unknown }[] = [];
    for (const { props } of devAlarms) {
      const stats = [props, ...((props.Metrics as { MetricStat?: { Metric: Props } }[] | undefined) ?? []).map((m) => m.MetricStat?.Metric ?? {})];
      for (const m of stats) if (m.Namespace === "AWS/ApplicationELB") dimensions.push(...(m.Dimensions as typeof dimensions));
    }
    expect(dimensions.length).toBeGreaterThan(10);
    const lbId = Object.keys(platforms.dev.templates.compute.findResources("AWS::ElasticLoadBalancingV2::LoadBalancer"))[0];
    const tgId = Object.keys(platforms.dev.templates.compute.findResources("AWS::ElasticLoadBalancingV2::TargetGroup"))[0];
    for (const d of dimensions) {
      if (d.Name === "LoadBalancer") expect(d.Value).toEqual({ "Fn::GetAtt": [lbId, "LoadBalancerFullName"] });
      else expect(d).toEqual({ Name: "TargetGroup", Value: { "Fn::GetAtt": [tgId, "TargetGroupFullName"] } });
    }
  });

  it("page on a 99.9% SLO burning 14.4x over 1 h and 5 min, or 6x over 6 h and 30 min", () => {
    const window = (minutes: number) => devAlarms.find((a) => a.props.AlarmName === `SumPlatform-Dev-SloBurnRate-${minutes}m`)!;
    const expected = [
      [60, 14.4],
      [5, 14.4],
      [360, 6],
      [30, 6],
    ] as const;
    for (const [minutes, burn] of expected) {
      const { props } = window(minutes);
      expect(props.Threshold).toBe(burn);
      const metrics = props.Metrics as { Expression?: string; MetricStat?: { Period: number; Metric: { MetricName: string } } }[];
      expect(metrics.find((m) => m.Expression)!.Expression).toMatch(/\/ requests\) \/ 0\.001$/);
      for (const m of metrics.filter((x) => x.MetricStat)) expect(m.MetricStat!.Period).toBe(minutes * 60);
      expect(metrics.map((m) => m.MetricStat?.Metric.MetricName).filter(Boolean).sort()).toEqual([
        "HTTPCode_ELB_5XX_Count",
        "HTTPCode_Target_5XX_Count",
        "RequestCount",
        "ServiceRequestsShed",
      ]);
    }
    const getAtt = (minutes: number) => ({ "Fn::GetAtt": [window(minutes).logicalId, "Arn"] });
    expect(devAlarms.find((a) => a.composite)!.props.AlarmRule).toEqual({
      "Fn::Join": ["", ['((ALARM("', getAtt(60), '") AND ALARM("', getAtt(5), '")) OR (ALARM("', getAtt(360), '") AND ALARM("', getAtt(30), '")))']],
    });
  });
});
