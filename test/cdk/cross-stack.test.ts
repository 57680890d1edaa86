import { describe, expect, it } from "vitest";
import { synthPlatform } from "./support/synth-platform.js";

const { templates, stacks } = synthPlatform("dev");

/** Every Fn::ImportValue name in a template. */
function imports(template: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "Fn::ImportValue" && typeof value === "string") found.push(value);
        else walk(value);
      }
    }
  };
  walk(template);
  return found;
}
const exportsOf = (template: { toJSON(): Record<string, unknown> }) =>
  Object.values((template.toJSON().Outputs ?? {}) as Record<string, { Export?: { Name: string } }>)
    .map((o) => o.Export?.Name)
    .filter((n): n is string => n !== undefined);

describe("cross-stack wiring", () => {
  it("has the compute stack consume only what the other three export", () => {
    const consumed = new Set(imports(templates.compute.toJSON()));
    const exported = new Set([...exportsOf(templates.networking), ...exportsOf(templates.secrets), ...exportsOf(templates.observability)]);
    expect([...consumed].filter((name) => !exported.has(name))).toEqual([]);
    expect([...exported].filter((name) => !consumed.has(name))).toEqual([]);
  });

  it("passes the VPC subnets, both security groups, the secret and its key, the topic and the log group", () => {
    const consumed = imports(templates.compute.toJSON()).join("\n");
    for (const pattern of [
      /^SumPlatform-Dev-Networking:.*PublicSubnet1/m,
      /^SumPlatform-Dev-Networking:.*PrivateSubnet2/m,
      /^SumPlatform-Dev-Networking:.*LoadBalancerSecurityGroup.*GroupId/m,
      /^SumPlatform-Dev-Networking:.*ServiceSecurityGroup.*GroupId/m,
      /^SumPlatform-Dev-Secrets:ExportsOutputRefGatewaySecret/m,
      /^SumPlatform-Dev-Secrets:.*GatewaySecretKey.*Arn/m,
      /^SumPlatform-Dev-Observability:.*AlertsTopic/m,
      /^SumPlatform-Dev-Observability:.*ServiceLogsLogGroup/m,
    ]) {
      expect(consumed).toMatch(pattern);
    }
  });

  it("names the observability stack's alarms instead of importing them, so replacing one never fails on an export in use", () => {
    expect(imports(templates.compute.toJSON()).filter((name) => /Alarm/.test(name))).toEqual([]);
    expect(exportsOf(templates.observability).filter((name) => /Alarm/.test(name))).toEqual([]);
  });

  it("rolls deployments back only on alarms that exist in the platform under exactly those names", () => {
    const [service] = Object.values(templates.compute.findResources("AWS::ECS::Service")) as { Properties: { DeploymentConfiguration: { Alarms: { AlarmNames: unknown[] } } } }[];
    const names = service!.Properties.DeploymentConfiguration.Alarms.AlarmNames;
    const defined = Object.values(templates).flatMap((t) =>
      (Object.values(t.findResources("AWS::CloudWatch::Alarm")) as { Properties: { AlarmName: unknown } }[]).map((a) => a.Properties.AlarmName),
    );
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) expect(defined, String(name)).toContain(name);
  });

  it("keeps the first three stacks independent of each other and of compute", () => {
    for (const key of ["networking", "secrets", "observability"] as const) expect(imports(templates[key].toJSON())).toEqual([]);
    expect(stacks.compute.dependencies.map((s) => s.stackName).sort()).toEqual([
      "SumPlatform-Dev-Networking",
      "SumPlatform-Dev-Observability",
      "SumPlatform-Dev-Secrets",
    ]);
  });

  it("uses the stack names and output keys deploy tooling relies on", () => {
    expect(Object.values(stacks).map((s) => s.stackName)).toEqual([
      "SumPlatform-Dev-Networking",
      "SumPlatform-Dev-Secrets",
      "SumPlatform-Dev-Observability",
      "SumPlatform-Dev-Compute",
    ]);
    templates.secrets.hasOutput("GatewaySecretArn", {});
    for (const key of ["LoadBalancerDnsName", "ServiceUrl", "ClusterName", "ServiceName"]) templates.compute.hasOutput(key, {});
  });
});
