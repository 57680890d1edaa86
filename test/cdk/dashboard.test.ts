import { describe, expect, it } from "vitest";
import { synthPlatform } from "./support/synth-platform.js";

const { templates } = synthPlatform("prod");
const [dashboard] = Object.values(templates.compute.findResources("AWS::CloudWatch::Dashboard")) as {
  Properties: { DashboardName: string; DashboardBody: { "Fn::Join": [string, unknown[]] } };
}[];
/** The dashboard JSON with every CloudFormation token replaced by `<T>`. */
const body = JSON.parse(dashboard!.Properties.DashboardBody["Fn::Join"][1].map((p) => (typeof p === "string" ? p : "<T>")).join("")) as {
  widgets: { type: string; properties: { title: string; metrics?: unknown[][]; alarms?: string[] } }[];
};
const widget = (title: string) => body.widgets.find((w) => w.properties.title.startsWith(title))!;
const metricNames = (title: string) => (widget(title).properties.metrics ?? []).map((m) => `${m[0]}/${m[1]}`);

describe("dashboard", () => {
  it("is named after the environment", () => {
    expect(dashboard!.Properties.DashboardName).toBe("SumPlatform-Prod");
  });

  it.each([
    ["Traffic", ["AWS/ApplicationELB/RequestCount"]],
    ["Errors", ["AWS/ApplicationELB/HTTPCode_Target_5XX_Count", "AWS/ApplicationELB/HTTPCode_ELB_5XX_Count", "AWS/ApplicationELB/HTTPCode_Target_4XX_Count"]],
    ["Latency", ["AWS/ApplicationELB/TargetResponseTime", "AWS/ApplicationELB/TargetResponseTime"]],
    ["Targets", ["AWS/ApplicationELB/HealthyHostCount", "AWS/ApplicationELB/UnHealthyHostCount"]],
    ["CPU / memory", ["AWS/ECS/CPUUtilization", "AWS/ECS/MemoryUtilization"]],
    ["Tasks", ["ECS/ContainerInsights/RunningTaskCount", "ECS/ContainerInsights/DesiredTaskCount"]],
    ["Gateway trust", ["SumPlatform/Prod/GatewayRejections", "SumPlatform/Prod/GatewaySecretMismatches", "SumPlatform/Prod/SecretRefreshFailures"]],
    ["Application errors", ["SumPlatform/Prod/ApplicationErrors"]],
  ])("graphs %s", (title, metrics) => {
    expect(metricNames(title)).toEqual(metrics);
  });

  it("shows latency as p50 and p99", () => {
    const stats = (widget("Latency").properties.metrics ?? []).map((m) => (m.at(-1) as { stat: string }).stat);
    expect(stats).toEqual(["p50", "p99"]);
  });

  it("shows the state of every paging alarm, naming the log alarms instead of importing them", () => {
    expect(widget("Alarms").properties.alarms).toHaveLength(15);
    expect(JSON.stringify(dashboard!.Properties.DashboardBody)).not.toContain("Fn::ImportValue");
    expect(JSON.stringify(dashboard!.Properties.DashboardBody)).toContain(":alarm:SumPlatform-Prod-GatewaySecretRejections");
    expect(JSON.stringify(dashboard!.Properties.DashboardBody)).toMatch(/"AlarmsRequestsShedAlarm[0-9A-F]{8}"/);
  });
});
