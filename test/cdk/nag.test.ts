import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CfnResource, type Stack } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { IConstruct } from "constructs";
import { describe, expect, it } from "vitest";
import { synthPlatform, type SynthesizedPlatform } from "./support/synth-platform.js";

interface Violation {
  readonly ruleName: string;
  readonly severity: string;
  readonly description: string;
}
interface Report {
  readonly pluginReports: { readonly pluginName: string; readonly violations: Violation[] }[];
}

const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";
const platforms = {
  dev: synthPlatform("dev", { validateTemplates: true }),
  prod: synthPlatform("prod", { validateTemplates: true, overrides: { certificateArn, originDomainName: "origin.example.com", alarmEmail: "oncall@example.com", gatewayUrl: "https://gateway.example.com" } }),
};
const report = (p: SynthesizedPlatform) => JSON.parse(readFileSync(join(p.assembly.directory, "validation-report.json"), "utf8")) as Report;
/** Warnings the config check raises on purpose (no certificate, no e-mail) are not findings. */
const findings = (p: SynthesizedPlatform) =>
  report(p).pluginReports.flatMap((r) =>
    r.violations.filter((v) => v.ruleName !== "Annotation::@sum-platform/config").map((v) => `${r.pluginName} ${v.severity} ${v.ruleName}: ${v.description}`),
  );

function acknowledgements(p: SynthesizedPlatform) {
  const found: { path: string; id: string; reason: string }[] = [];
  for (const stack of Object.values(p.stacks) as Stack[]) {
    for (const c of stack.node.findAll() as IConstruct[]) {
      for (const entry of c.node.metadata) {
        if (entry.type !== "aws:cdk:acknowledged-rules") continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) found.push({ path: c.node.path, id, reason });
      }
    }
  }
  return found;
}

describe("cdk-nag AwsSolutions and CloudFormation validation", () => {
  it.each(Object.entries(platforms))("leave no unacknowledged error or warning in %s", (_, platform) => {
    expect(findings(platform)).toEqual([]);
  });

  it("only acknowledge the reviewed findings, each with a specific reason", () => {
    // aws-cdk-lib acknowledges a few CloudFormation-Validate rules inside its own constructs.
    const acks = acknowledgements(platforms.prod).filter((a) => a.id.includes("AwsSolutions-"));
    expect(acks.map((a) => `${a.path.replace(/^SumPlatform-Prod-/, "")} ${a.id}`).sort()).toEqual([
      "Compute/Ingress/AccessLogs Annotation::AwsSolutions-S1",
      "Compute/TaskDefinition/Task Annotation::AwsSolutions-ECS2",
      "Compute/TaskDefinition/Task/ExecutionRole Annotation::AwsSolutions-IAM5[Resource::*]",
      "Networking/Network/LoadBalancerSecurityGroup Annotation::AwsSolutions-EC23",
      "Observability/GatewayCanary/Artifacts Annotation::AwsSolutions-S1",
      "Observability/GatewayCanary/Canary/ServiceRole Annotation::AwsSolutions-IAM5[Resource::*]",
      "Observability/GatewayCanary/Canary/ServiceRole Annotation::AwsSolutions-IAM5[Resource::<GatewayCanaryArtifacts52C3692F.Arn>/runs/*]",
      "Observability/GatewayCanary/Canary/ServiceRole Annotation::AwsSolutions-IAM5[Resource::arn:aws:logs:eu-west-1:<AWS::AccountId>:log-group:/aws/lambda/cwsyn-*]",
      "Secrets/GatewaySecret/RotationRole Annotation::AwsSolutions-IAM5[Resource::*]",
      "Secrets/SmokeTestKey Annotation::AwsSolutions-SMG4",
    ]);
    for (const { id, reason } of acks) {
      expect(reason.length, id).toBeGreaterThan(80);
      expect(reason, id).not.toMatch(/^(n\/a|todo|ok|suppress|acknowledged?)\b/i);
    }
    expect(new Set(acks.map((a) => a.reason)).size).toBe(acks.length);
  });

  it("fail synthesis when a resource breaks an AwsSolutions rule", () => {
    expect(() =>
      synthPlatform("dev", {
        beforeSynth: ({ compute }) => new s3.Bucket(compute, "UnreviewedBucket"),
      }),
    ).toThrow(/AwsSolutions-S10/);
  });

  it("fail synthesis on a template CloudFormation would reject", () => {
    expect(() =>
      synthPlatform("dev", {
        validateTemplates: true,
        beforeSynth: ({ observability }) =>
          new CfnResource(observability, "Broken", { type: "AWS::SNS::Topic", properties: { NoSuchProperty: true } }),
      }),
    ).toThrow(/NoSuchProperty/);
  });
});
