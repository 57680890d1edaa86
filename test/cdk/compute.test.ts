import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { serviceContract } from "../../cdk/lib/config/service-contract.js";
import { synthPlatform } from "./support/synth-platform.js";

const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";
const dev = synthPlatform("dev").templates.compute;
const prod = synthPlatform("prod", { overrides: { certificateArn, originDomainName: "origin.example.com" }, imageTag: "abc123" }).templates.compute;

type Resource = { Properties: Record<string, unknown> };
const only = (template: typeof dev, type: string): Resource => {
  const found = Object.values(template.findResources(type)) as Resource[];
  expect(found).toHaveLength(1);
  return found[0]!;
};
const container = (template: typeof dev) =>
  (only(template, "AWS::ECS::TaskDefinition").Properties.ContainerDefinitions as Record<string, unknown>[])[0]!;
const attribute = (resource: Resource, key: string, listKey = "LoadBalancerAttributes") =>
  (resource.Properties[listKey] as { Key: string; Value: unknown }[]).find((a) => a.Key === key)?.Value;

describe("compute stack: task", () => {
  it("runs the sum-service image at the requested tag on ARM64 Fargate", () => {
    prod.hasResourceProperties("AWS::ECS::TaskDefinition", {
      RequiresCompatibilities: ["FARGATE"],
      RuntimePlatform: { CpuArchitecture: "ARM64", OperatingSystemFamily: "LINUX" },
      Cpu: "512",
      Memory: "1024",
    });
    expect(JSON.stringify(container(prod).Image)).toMatch(/\/sum-service:abc123"/);
  });

  it("runs as uid 1000 with a read-only root filesystem, writable /tmp, and a health check without curl", () => {
    expect(container(dev)).toMatchObject({
      User: "1000",
      ReadonlyRootFilesystem: true,
      MountPoints: [{ ContainerPath: "/tmp", ReadOnly: false, SourceVolume: "tmp" }],
      HealthCheck: { Command: ["CMD", "node", "dist/healthcheck.js"] },
      PortMappings: [expect.objectContaining({ ContainerPort: 8080 })],
    });
  });

  it("gives the service longer to stop than it needs to drain", () => {
    const stopTimeout = container(dev).StopTimeout as number;
    expect(stopTimeout).toBeGreaterThan(serviceContract.drainBudget.toSeconds());
    const dereg = attribute(only(dev, "AWS::ElasticLoadBalancingV2::TargetGroup"), "deregistration_delay.timeout_seconds", "TargetGroupAttributes");
    expect(Number(dereg)).toBeLessThan(stopTimeout);
  });

  it("passes the service its production environment, with the secret's ARN and never its value", () => {
    const env = Object.fromEntries((container(dev).Environment as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]));
    expect(env).toMatchObject({ NODE_ENV: "production", AWS_REGION: "eu-west-1", LOG_LEVEL: "info" });
    expect(env.GATEWAY_SECRET_ARN).toEqual({ "Fn::ImportValue": expect.stringMatching(/^SumPlatform-Dev-Secrets:.*GatewaySecret/) });
    expect(container(dev).Secrets).toBeUndefined();
  });

  it("lets the task role read exactly the gateway secret, decrypt only through Secrets Manager, and write only EMF streams", () => {
    const roleId = Object.keys(dev.findResources("AWS::IAM::Role", { Properties: { AssumeRolePolicyDocument: Match.anyValue() } })).find((id) =>
      id.includes("TaskRole"),
    );
    const policies = Object.values(dev.findResources("AWS::IAM::Policy")) as Resource[];
    const taskPolicies = policies.filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
    expect(taskPolicies).toHaveLength(1);
    const metricsLogGroupId = Object.keys(dev.findResources("AWS::Logs::LogGroup", { Properties: { LogGroupName: "/sum-platform/dev/metrics" } }))[0];
    expect((taskPolicies[0]!.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toEqual([
      { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: { "Fn::GetAtt": [metricsLogGroupId, "Arn"] } },
      {
        Effect: "Allow",
        Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        Resource: { "Fn::ImportValue": expect.stringMatching(/^SumPlatform-Dev-Secrets:ExportsOutputRefGatewaySecret/) },
      },
      {
        Effect: "Allow",
        Action: "kms:Decrypt",
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
        Resource: { "Fn::ImportValue": expect.stringMatching(/^SumPlatform-Dev-Secrets:.*GatewaySecretKey.*Arn/) },
      },
    ]);
    dev.resourcePropertiesCountIs("AWS::IAM::Role", { ManagedPolicyArns: Match.anyValue() }, 0);
  });
});

describe("compute stack: service", () => {
  it("keeps full capacity during deployments and rolls back failures and alarming releases", () => {
    const service = only(dev, "AWS::ECS::Service").Properties;
    expect(service.DesiredCount).toBeGreaterThanOrEqual(2);
    expect(service.DeploymentConfiguration).toMatchObject({
      MinimumHealthyPercent: 100,
      MaximumPercent: 200,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      Alarms: { Enable: true, Rollback: true },
    });
    const alarmRefs = (service.DeploymentConfiguration as { Alarms: { AlarmNames: { Ref: string }[] } }).Alarms.AlarmNames;
    const alarms = dev.findResources("AWS::CloudWatch::Alarm");
    expect(alarmRefs.map((ref) => (alarms[ref.Ref] as Resource).Properties.AlarmName)).toEqual([
      "SumPlatform-Dev-Target5xxRate",
      "SumPlatform-Dev-TargetLatencyP99",
    ]);
  });

  it("runs tasks in the private subnets without public IPs, spread and rebalanced across zones", () => {
    const service = only(dev, "AWS::ECS::Service").Properties;
    const network = (service.NetworkConfiguration as { AwsvpcConfiguration: { AssignPublicIp: string; Subnets: unknown[] } }).AwsvpcConfiguration;
    expect(network.AssignPublicIp).toBe("DISABLED");
    expect(network.Subnets).toHaveLength(2);
    for (const subnet of network.Subnets) expect(JSON.stringify(subnet)).toMatch(/PrivateSubnet/);
    expect(service.AvailabilityZoneRebalancing).toBe("ENABLED");
    const prodNetwork = (only(prod, "AWS::ECS::Service").Properties.NetworkConfiguration as { AwsvpcConfiguration: { Subnets: unknown[] } })
      .AwsvpcConfiguration;
    expect(prodNetwork.Subnets).toHaveLength(3);
  });

  it("turns on Container Insights", () => {
    dev.hasResourceProperties("AWS::ECS::Cluster", { ClusterSettings: [{ Name: "containerInsights", Value: "enhanced" }] });
  });

  it("scales between the configured bounds on CPU and on requests per target", () => {
    prod.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", { MinCapacity: 3, MaxCapacity: 12 });
    for (const [type, target] of [
      ["ECSServiceAverageCPUUtilization", 60],
      ["ALBRequestCountPerTarget", 210_000],
    ] as const) {
      prod.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
        TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: type }), TargetValue: target },
      });
    }
  });
});
