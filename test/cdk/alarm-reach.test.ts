import { describe, expect, it } from "vitest";
import { intrinsicResolver, type DeployTarget } from "./support/resolve-intrinsics.js";
import { policyAllows } from "./support/resource-policy.js";
import { synthPlatform, type SynthesizedPlatform } from "./support/synth-platform.js";

type Resource = { Type: string; Properties: Record<string, unknown> };
type PolicyDocument = Parameters<typeof policyAllows>[0];

const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";
const platforms = {
  dev: synthPlatform("dev"),
  prod: synthPlatform("prod", { overrides: { certificateArn, originDomainName: "origin.example.com", alarmEmail: "oncall@example.com" } }),
};

/**
 * Follows every action of every alarm (metric and composite, ALARM, OK and INSUFFICIENT_DATA)
 * to the topic it names, and asks the topic's policy and its key's policy whether CloudWatch,
 * publishing on behalf of exactly that alarm, gets through.
 */
function alarmActions(platform: SynthesizedPlatform) {
  const target: DeployTarget = { partition: "aws", region: platform.config.region, account: "111122223333" };
  const resolve = intrinsicResolver(platform.templates, target);
  const resources = new Map<string, Resource>();
  for (const [stack, template] of Object.entries(platform.templates)) {
    for (const [id, r] of Object.entries(template.toJSON().Resources as Record<string, Resource>)) resources.set(`${stack}/${id}`, r);
  }
  const found = [];
  for (const [marker, alarm] of resources) {
    if (alarm.Type !== "AWS::CloudWatch::Alarm" && alarm.Type !== "AWS::CloudWatch::CompositeAlarm") continue;
    const stack = marker.split("/")[0]!;
    const alarmName = alarm.Properties.AlarmName as string;
    const alarmArn = `arn:${target.partition}:cloudwatch:${target.region}:${target.account}:alarm:${alarmName}`;
    for (const kind of ["AlarmActions", "OKActions", "InsufficientDataActions"]) {
      for (const action of (alarm.Properties[kind] as unknown[] | undefined) ?? []) {
        const topic = resolve(stack, action) as string;
        const topicPolicies = [...resources.entries()]
          .filter(([id, r]) => r.Type === "AWS::SNS::TopicPolicy" && (resolve(id.split("/")[0]!, r.Properties.Topics) as string[]).includes(topic))
          .map(([id, r]) => resolve(id.split("/")[0]!, r.Properties.PolicyDocument) as PolicyDocument);
        const topicResource = resources.get(topic);
        const keyMarker = topicResource ? String(resolve(topic.split("/")[0]!, topicResource.Properties.KmsMasterKeyId)).replace(/\.Arn$/, "") : undefined;
        const key = keyMarker ? resources.get(keyMarker) : undefined;
        const keyPolicy = key ? (resolve(keyMarker!.split("/")[0]!, key.Properties.KeyPolicy) as PolicyDocument) : undefined;
        found.push({ alarmName, kind, alarmArn, account: target.account, topic, topicResource, topicPolicies, keyMarker, keyPolicy });
      }
    }
  }
  return found;
}

const cloudWatch = (action: string, resource: string, alarmArn: string, account: string) => ({
  service: "cloudwatch.amazonaws.com",
  action,
  resource,
  context: { "aws:SourceArn": alarmArn, "aws:SourceAccount": account },
});

describe.each(Object.entries(platforms))("every %s alarm can reach the alert topic", (_, platform) => {
  const actions = alarmActions(platform);

  it("finds the actions of every paging alarm, composites and the ALARM and OK transitions included", () => {
    expect(actions.filter((a) => a.kind === "AlarmActions").length).toBeGreaterThanOrEqual(13);
    expect(actions.filter((a) => a.kind === "OKActions").length).toBeGreaterThanOrEqual(13);
    expect(actions.some((a) => a.alarmName.endsWith("-SloBurnRate"))).toBe(true);
    if (platform.config.certificateArn !== undefined) expect(actions.some((a) => a.alarmName.endsWith("-OriginCertificateExpiry"))).toBe(true);
  });

  it("names a topic in the platform, whose policy lets CloudWatch publish for that alarm", () => {
    for (const a of actions) {
      const label = `${a.alarmName} ${a.kind}`;
      expect(a.topicResource?.Type, label).toBe("AWS::SNS::Topic");
      expect(a.topicPolicies, label).toHaveLength(1);
      expect(policyAllows(a.topicPolicies[0]!, cloudWatch("sns:Publish", a.topic, a.alarmArn, a.account)), label).toBe(true);
    }
  });

  it("lets CloudWatch use the topic's key for that alarm", () => {
    for (const a of actions) {
      const label = `${a.alarmName} ${a.kind}`;
      expect(a.keyPolicy, label).toBeDefined();
      for (const action of ["kms:Decrypt", "kms:GenerateDataKey"]) {
        expect(policyAllows(a.keyPolicy!, cloudWatch(action, a.keyMarker!, a.alarmArn, a.account)), `${label} ${action}`).toBe(true);
      }
    }
  });

  it("refuses alarms of another account, another region or outside the platform's names", () => {
    const [a] = actions;
    const elsewhere = [
      [a!.alarmArn.replace(a!.account, "999999999999"), "999999999999"],
      [a!.alarmArn.replace(platform.config.region, "us-east-1"), a!.account],
      [a!.alarmArn.replace(/alarm:.*$/, "alarm:SomeoneElses"), a!.account],
    ] as const;
    for (const [arn, account] of elsewhere) {
      expect(policyAllows(a!.topicPolicies[0]!, cloudWatch("sns:Publish", a!.topic, arn, account)), arn).toBe(false);
      expect(policyAllows(a!.keyPolicy!, cloudWatch("kms:GenerateDataKey", a!.keyMarker!, arn, account)), arn).toBe(false);
    }
  });

  it("still refuses anything that publishes over plain HTTP", () => {
    const [a] = actions;
    const request = cloudWatch("sns:Publish", a!.topic, a!.alarmArn, a!.account);
    expect(policyAllows(a!.topicPolicies[0]!, { ...request, context: { ...request.context, "aws:SecureTransport": "false" } })).toBe(false);
  });
});
