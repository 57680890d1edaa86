import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { serviceContract } from "../../cdk/lib/config/service-contract.js";
import { synthPlatform } from "./support/synth-platform.js";

const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";
const dev = synthPlatform("dev").templates.compute;
const prod = synthPlatform("prod", { overrides: { certificateArn, originDomainName: "origin.example.com" }, imageTag: "abc1234" }).templates.compute;

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
    expect(JSON.stringify(container(prod).Image)).toMatch(/\/sum-service:abc1234"/);
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

describe("compute stack: certificate", () => {
  it("pages when the configured certificate has 30 days or fewer left, keyed by its ARN", () => {
    prod.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "SumPlatform-Prod-OriginCertificateExpiry",
      Namespace: "AWS/CertificateManager",
      MetricName: "DaysToExpiry",
      Dimensions: [{ Name: "CertificateArn", Value: certificateArn }],
      Statistic: "Minimum",
      Period: 86400,
      Threshold: 30,
      ComparisonOperator: "LessThanOrEqualToThreshold",
      AlarmActions: [{ "Fn::ImportValue": Match.stringLikeRegexp("AlertsTopic") }],
      OKActions: [{ "Fn::ImportValue": Match.stringLikeRegexp("AlertsTopic") }],
    });
  });

  it("has no certificate alarm without a certificate", () => {
    dev.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", { Namespace: "AWS/CertificateManager" }, 0);
  });
});

describe("compute stack: service", () => {
  it("leaves the task count to the scalable target, so a deploy never resets it to the floor", () => {
    for (const template of [dev, prod]) {
      expect(only(template, "AWS::ECS::Service").Properties).not.toHaveProperty("DesiredCount");
      template.resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 1);
    }
    dev.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", { MinCapacity: 2, ScalableDimension: "ecs:service:DesiredCount" });
  });

  it("keeps full capacity during deployments and rolls back failures and alarming releases", () => {
    const service = only(dev, "AWS::ECS::Service").Properties;
    expect(service.DeploymentConfiguration).toMatchObject({
      MinimumHealthyPercent: 100,
      MaximumPercent: 200,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      Alarms: { Enable: true, Rollback: true },
    });
    // By name, so the service never takes a Ref into a cycle; it waits for its own stack's alarms instead.
    const alarmNames = (service.DeploymentConfiguration as { Alarms: { AlarmNames: string[] } }).Alarms.AlarmNames;
    expect(alarmNames).toEqual(["SumPlatform-Dev-Target5xxRate", "SumPlatform-Dev-TargetLatencyP99", "SumPlatform-Dev-GatewaySecretNotLoaded"]);
    const [serviceResource] = Object.values(dev.findResources("AWS::ECS::Service")) as { DependsOn: string[] }[];
    const alarms = dev.findResources("AWS::CloudWatch::Alarm") as Record<string, Resource>;
    const waitsFor = serviceResource!.DependsOn.filter((id) => alarms[id]).map((id) => alarms[id]!.Properties.AlarmName);
    expect(waitsFor.sort()).toEqual(["SumPlatform-Dev-Target5xxRate", "SumPlatform-Dev-TargetLatencyP99"]);
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
