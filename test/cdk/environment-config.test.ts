import { App, Stack } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { checkEnvironmentConfig } from "../../cdk/lib/config/check-environment-config.js";
import type { EnvironmentConfig } from "../../cdk/lib/config/environment-config.js";
import { environments } from "../../cdk/lib/config/environments.js";

const dev = environments.dev!;
const check = (overrides: Partial<EnvironmentConfig>) => {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), "Check");
  checkEnvironmentConfig({ ...dev, ...overrides }, stack);
  return Annotations.fromStack(stack);
};

describe("environment config", () => {
  it.each(Object.keys(environments))("passes its own checks for %s", (name) => {
    expect(() => check(environments[name]!)).not.toThrow();
  });

  it.each([
    [{ azCount: 1 }, /azCount must be 2\.\.6/],
    [{ natGateways: 0 }, /natGateways must be 1\.\.azCount/],
    [{ natGateways: 3 }, /natGateways must be 1\.\.azCount \(2\)/],
    [{ minTasks: 1 }, /minTasks must be at least 2/],
    [{ maxTasks: 1, minTasks: 2 }, /maxTasks \(1\) is below minTasks \(2\)/],
    [{ taskCpu: 300 }, /taskCpu 300 is not a Fargate size/],
    [{ taskMemoryMiB: 4096 }, /taskMemoryMiB 4096 is outside 512\.\.2048/],
    [{ logRetentionDays: 10 }, /logRetentionDays 10 is not a CloudWatch Logs retention value/],
    [{ secretRotationDays: 0 }, /secretRotationDays must be 1\.\.1000/],
    [{ certificateArn: "my-cert" }, /certificateArn "my-cert" is not an ACM certificate ARN/],
    [{ certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" }, /certificateArn and originDomainName go together/],
    [{ originDomainName: "origin.example.com" }, /certificateArn and originDomainName go together/],
    [
      { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", originDomainName: "origin.example.com" },
      /certificateArn is in us-east-1, but a load balancer in eu-west-1 can only use a certificate from its own region/,
    ],
    [
      { certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc", originDomainName: "https://origin.example.com" },
      /originDomainName "https:\/\/origin\.example\.com" is not a lower-case DNS hostname/,
    ],
    [{ ingressCidrs: [] }, /ingressCidrs is empty/],
    [{ ingressCidrs: ["10.0.0.1"] }, /"10\.0\.0\.1" is not an IPv4 CIDR/],
    [{ region: "Europe" }, /region "Europe" is not an AWS region/],
    [{ availabilityZones: ["eu-west-1a"] }, /availabilityZones names 1 zones but azCount is 2/],
    [{ availabilityZones: ["eu-west-1a", "us-east-1b"] }, /availability zone "us-east-1b" is not a zone of eu-west-1/],
    [{ scannerRateLimitPerFiveMinutes: 5 }, /scannerRateLimitPerFiveMinutes must be an integer 10\.\.2000000000/],
  ] as [Partial<EnvironmentConfig>, RegExp][])("stops synthesis on %o", (overrides, message) => {
    expect(() => check(overrides)).toThrow(message);
    expect(() => check(overrides)).toThrow(/^Environment "dev": /);
  });

  it("warns, without failing, about a plain-HTTP load balancer and an alert topic nobody reads", () => {
    const annotations = check({});
    annotations.hasWarning("*", Match.stringLikeRegexp("no certificateArn"));
    annotations.hasWarning("*", Match.stringLikeRegexp("no alarmEmail"));
    const quiet = check({
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
      originDomainName: "origin.example.com",
      alarmEmail: "oncall@example.com",
    });
    expect(quiet.findWarning("*", Match.anyValue())).toEqual([]);
  });
});
