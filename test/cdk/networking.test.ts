import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { synthPlatform } from "./support/synth-platform.js";

const dev = synthPlatform("dev").templates.networking;
const prod = synthPlatform("prod").templates.networking;
const pinned = synthPlatform("dev", { overrides: { region: "us-east-2", availabilityZones: ["us-east-2b", "us-east-2c"] } }).templates.networking;

describe("networking stack", () => {
  it.each([
    ["dev", dev, 2, 1],
    ["prod", prod, 3, 3],
  ] as const)("%s spans its zones with a public and a private subnet in each, and its NAT count", (_, template, zones, nats) => {
    const subnets = Object.values(template.findResources("AWS::EC2::Subnet")) as { Properties: Record<string, unknown> }[];
    // Zone names differ per account: CloudFormation picks them at deploy time, never a synth-time lookup.
    const zonesUsed = new Set(subnets.map((s) => JSON.stringify(s.Properties.AvailabilityZone)));
    expect(zonesUsed).toEqual(new Set(Array.from({ length: zones }, (_, i) => JSON.stringify({ "Fn::Select": [i, { "Fn::GetAZs": "" }] }))));
    const isPublic = (s: { Properties: Record<string, unknown> }) =>
      (s.Properties.Tags as { Key: string; Value: string }[]).some((t) => t.Key === "aws-cdk:subnet-type" && t.Value === "Public");
    expect(subnets.filter(isPublic)).toHaveLength(zones);
    expect(subnets.filter((s) => !isPublic(s))).toHaveLength(zones);
    template.resourceCountIs("AWS::EC2::NatGateway", nats);
  });

  it("uses the zones an environment names, in its region", () => {
    const subnets = Object.values(pinned.findResources("AWS::EC2::Subnet")) as { Properties: Record<string, unknown> }[];
    expect(new Set(subnets.map((s) => s.Properties.AvailabilityZone))).toEqual(new Set(["us-east-2b", "us-east-2c"]));
    expect(JSON.stringify(pinned.toJSON())).not.toContain("eu-west-1");
  });

  it("never gives an address in any subnet a public IP on launch", () => {
    for (const template of [dev, prod]) {
      const subnets = Object.values(template.findResources("AWS::EC2::Subnet")) as { Properties: Record<string, unknown> }[];
      for (const subnet of subnets) expect(subnet.Properties.MapPublicIpOnLaunch ?? false).toBe(false);
    }
  });

  it("records all VPC traffic in flow logs", () => {
    dev.hasResourceProperties("AWS::EC2::FlowLog", { ResourceType: "VPC", TrafficType: "ALL", LogDestinationType: "cloud-watch-logs" });
  });

  it("opens the load balancer on 443 and 80 only, from the configured ranges", () => {
    dev.hasResourceProperties("AWS::EC2::SecurityGroup", {
      GroupDescription: Match.stringLikeRegexp("^Load balancer"),
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: "0.0.0.0/0", FromPort: 443, ToPort: 443, IpProtocol: "tcp" }),
        Match.objectLike({ CidrIp: "0.0.0.0/0", FromPort: 80, ToPort: 80, IpProtocol: "tcp" }),
      ],
    });
  });

  it("admits only the load balancer security group, on the app port, into the service security group", () => {
    const serviceSg = Object.keys(dev.findResources("AWS::EC2::SecurityGroup", { Properties: { GroupDescription: Match.stringLikeRegexp("^Service") } }));
    const lbSg = Object.keys(dev.findResources("AWS::EC2::SecurityGroup", { Properties: { GroupDescription: Match.stringLikeRegexp("^Load balancer") } }));
    expect(serviceSg).toHaveLength(1);
    expect(lbSg).toHaveLength(1);
    const serviceSgResource = dev.findResources("AWS::EC2::SecurityGroup")[serviceSg[0]!] as { Properties: Record<string, unknown> };
    expect(serviceSgResource.Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = Object.values(dev.findResources("AWS::EC2::SecurityGroupIngress")) as { Properties: Record<string, unknown> }[];
    expect(ingress.map((r) => r.Properties)).toEqual([
      expect.objectContaining({
        GroupId: { "Fn::GetAtt": [serviceSg[0], "GroupId"] },
        SourceSecurityGroupId: { "Fn::GetAtt": [lbSg[0], "GroupId"] },
        FromPort: 8080,
        ToPort: 8080,
        IpProtocol: "tcp",
      }),
    ]);
  });
});
