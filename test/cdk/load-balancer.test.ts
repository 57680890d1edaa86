import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { serviceContract } from "../../cdk/lib/config/service-contract.js";
import { synthPlatform } from "./support/synth-platform.js";

const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";
const dev = synthPlatform("dev").templates.compute;
const prod = synthPlatform("prod", { overrides: { certificateArn, originDomainName: "origin.example.com" } }).templates.compute;
const withWaf = synthPlatform("dev", { overrides: { scannerRateLimitPerFiveMinutes: 500 } }).templates.compute;

type Resource = { Properties: Record<string, unknown> };
const attributes = (template: typeof dev) => {
  const [alb] = Object.values(template.findResources("AWS::ElasticLoadBalancingV2::LoadBalancer")) as Resource[];
  return Object.fromEntries((alb!.Properties.LoadBalancerAttributes as { Key: string; Value: unknown }[]).map((a) => [a.Key, a.Value]));
};

describe("compute stack: load balancer", () => {
  it("is internet-facing in the public subnets", () => {
    dev.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      Scheme: "internet-facing",
      Subnets: [
        { "Fn::ImportValue": Match.stringLikeRegexp("PublicSubnet1") },
        { "Fn::ImportValue": Match.stringLikeRegexp("PublicSubnet2") },
      ],
    });
  });

  it("closes idle connections before the service's keep-alive does, and drops invalid headers", () => {
    const attrs = attributes(dev);
    expect(Number(attrs["idle_timeout.timeout_seconds"])).toBeLessThan(serviceContract.keepAliveTimeout.toSeconds());
    expect(attrs["routing.http.drop_invalid_header_fields.enabled"]).toBe("true");
  });

  it("protects prod from deletion but lets dev go", () => {
    expect(attributes(prod)["deletion_protection.enabled"]).toBe("true");
    expect(attributes(dev)["deletion_protection.enabled"]).toBe("false");
  });

  it("writes access logs to an encrypted, private, SSL-only bucket that expires them", () => {
    const attrs = attributes(prod);
    expect(attrs["access_logs.s3.enabled"]).toBe("true");
    const bucketId = (attrs["access_logs.s3.bucket"] as { Ref: string }).Ref;
    const bucket = prod.findResources("AWS::S3::Bucket")[bucketId] as Resource;
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 365, Status: "Enabled" })] },
    });
    prod.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: bucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
  });

  it("checks readiness (/ready, not liveness) on the app port often enough for fast, safe deployments", () => {
    dev.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
      TargetType: "ip",
      Port: 8080,
      HealthCheckPath: "/ready",
      Matcher: { HttpCode: "200" },
      HealthCheckIntervalSeconds: 10,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
    });
  });

  it("serves HTTPS with a modern TLS policy when a certificate is set, and only redirects HTTP", () => {
    prod.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 443,
      Protocol: "HTTPS",
      Certificates: [{ CertificateArn: certificateArn }],
      SslPolicy: Match.stringLikeRegexp("TLS13"),
      DefaultActions: [Match.objectLike({ Type: "fixed-response" })],
    });
    prod.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 80,
      Protocol: "HTTP",
      DefaultActions: [{ Type: "redirect", RedirectConfig: Match.objectLike({ Port: "443", Protocol: "HTTPS", StatusCode: "HTTP_301" }) }],
    });
    // The name the certificate covers, so the gateway can verify it before sending its secret.
    prod.hasOutput("ServiceUrl", { Value: "https://origin.example.com" });
  });

  it("serves plain HTTP without a certificate", () => {
    dev.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
    dev.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", { Port: 80, Protocol: "HTTP", DefaultActions: [Match.objectLike({ Type: "fixed-response" })] });
    dev.hasOutput("ServiceUrl", { Value: { "Fn::Join": ["", ["http://", Match.anyValue()]] } });
  });

  it.each([
    ["dev (HTTP)", dev],
    ["prod (HTTPS)", prod],
  ])("%s: answers a fixed 403 to requests without the gateway header and forwards only those that carry it", (_, template) => {
    const listeners = template.findResources("AWS::ElasticLoadBalancingV2::Listener", { Properties: { Protocol: Match.not("HTTP") } });
    const serving = Object.keys(listeners).length > 0 ? listeners : template.findResources("AWS::ElasticLoadBalancingV2::Listener");
    const [listenerId, listener] = Object.entries(serving)[0] as [string, Resource];
    const [fallback] = listener.Properties.DefaultActions as { Type: string; FixedResponseConfig: { StatusCode: string; ContentType: string; MessageBody: string } }[];
    expect(fallback!.Type).toBe("fixed-response");
    expect(fallback!.FixedResponseConfig).toMatchObject({ StatusCode: "403", ContentType: "application/json" });
    expect(JSON.parse(fallback!.FixedResponseConfig.MessageBody)).toMatchObject({ status: 403, title: "Forbidden" });

    const rules = Object.values(template.findResources("AWS::ElasticLoadBalancingV2::ListenerRule")) as Resource[];
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties).toMatchObject({
      ListenerArn: { Ref: listenerId },
      // Presence only: "*" matches any value, so the secret itself never enters the template.
      Conditions: [{ Field: "http-header", HttpHeaderConfig: { HttpHeaderName: serviceContract.gatewaySecretHeader, Values: ["*"] } }],
      Actions: [expect.objectContaining({ Type: "forward" })],
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/resolve:secretsmanager/);
  });

  it("adds no WAF unless an environment asks for one", () => {
    dev.resourceCountIs("AWS::WAFv2::WebACL", 0);
    prod.resourceCountIs("AWS::WAFv2::WebACL", 0);
  });

  it("rate-limits, per client IP, only requests without the gateway header when an environment turns the WAF on", () => {
    const [aclId, acl] = Object.entries(withWaf.findResources("AWS::WAFv2::WebACL"))[0] as [string, Resource];
    expect(acl.Properties).toMatchObject({ Scope: "REGIONAL", DefaultAction: { Allow: {} } });
    expect(acl.Properties.Rules).toEqual([
      expect.objectContaining({
        Action: { Block: {} },
        Statement: {
          RateBasedStatement: {
            Limit: 500,
            AggregateKeyType: "IP",
            EvaluationWindowSec: 300,
            ScopeDownStatement: {
              NotStatement: {
                Statement: {
                  SizeConstraintStatement: expect.objectContaining({
                    FieldToMatch: { SingleHeader: { Name: serviceContract.gatewaySecretHeader } },
                    ComparisonOperator: "GT",
                    Size: 0,
                  }),
                },
              },
            },
          },
        },
      }),
    ]);
    const lbId = Object.keys(withWaf.findResources("AWS::ElasticLoadBalancingV2::LoadBalancer"))[0]!;
    withWaf.hasResourceProperties("AWS::WAFv2::WebACLAssociation", { ResourceArn: { Ref: lbId }, WebACLArn: { "Fn::GetAtt": [aclId, "Arn"] } });
  });

  it("publishes the outputs deploy tooling reads", () => {
    for (const output of ["LoadBalancerDnsName", "ServiceUrl", "ClusterName", "ServiceName"]) dev.hasOutput(output, {});
  });
});
