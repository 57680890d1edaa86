import { fileURLToPath } from "node:url";
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";

type RotationEvent = { SecretId: string; ClientRequestToken: string; Step: string };
const handlerPath = fileURLToPath(new URL("../../cdk/lambda/gateway-secret-rotation/index.mjs", import.meta.url));
const { handler } = (await import(handlerPath)) as { handler: (event: RotationEvent) => Promise<void> };

const sm = mockClient(SecretsManagerClient);
const SecretId = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sum-platform/dev/gateway-secret-AbCdEf";
const event = (Step: string, token = "new-version"): RotationEvent => ({ SecretId, ClientRequestToken: token, Step });
const describeWith = (stages: Record<string, string[]>, RotationEnabled = true) =>
  sm.on(DescribeSecretCommand).resolves({ RotationEnabled, VersionIdsToStages: stages });

beforeEach(() => {
  sm.reset();
  describeWith({ "old-version": ["AWSCURRENT"], "new-version": ["AWSPENDING"] });
});

describe("gateway secret rotation handler", () => {
  it("creates a 64-character alphanumeric pending version", async () => {
    sm.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: "no pending version", $metadata: {} }));
    sm.on(GetRandomPasswordCommand).resolves({ RandomPassword: "x".repeat(64) });
    await handler(event("createSecret"));
    expect(sm.commandCalls(GetRandomPasswordCommand)[0]!.args[0].input).toEqual({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
    expect(sm.commandCalls(PutSecretValueCommand)[0]!.args[0].input).toEqual({
      SecretId,
      ClientRequestToken: "new-version",
      SecretString: "x".repeat(64),
      VersionStages: ["AWSPENDING"],
    });
  });

  it("keeps the pending value of an earlier attempt instead of generating another", async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: "already-there" });
    await handler(event("createSecret"));
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it("surfaces errors other than a missing pending version", async () => {
    sm.on(GetSecretValueCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    await expect(handler(event("createSecret"))).rejects.toThrow("denied");
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it("promotes the pending version to current, leaving the old one as previous", async () => {
    await handler(event("finishSecret"));
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)[0]!.args[0].input).toEqual({
      SecretId,
      VersionStage: "AWSCURRENT",
      MoveToVersionId: "new-version",
      RemoveFromVersionId: "old-version",
    });
  });

  it("pushes nothing in setSecret and testSecret: the gateway follows at its next sync", async () => {
    await handler(event("setSecret"));
    await handler(event("testSecret"));
    expect(sm.calls()).toHaveLength(2);
    expect(sm.commandCalls(DescribeSecretCommand)).toHaveLength(2);
  });

  it("does nothing for a version that is already current", async () => {
    describeWith({ "new-version": ["AWSCURRENT"] });
    await handler(event("finishSecret"));
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  it.each([
    ["rotation is disabled", () => describeWith({ "new-version": ["AWSPENDING"] }, false), /Rotation is not enabled/],
    ["the version is unknown", () => describeWith({ "old-version": ["AWSCURRENT"] }), /does not belong/],
    ["the version is not pending", () => describeWith({ "new-version": [] }), /is not pending/],
  ])("refuses to rotate when %s", async (_, arrange, message) => {
    arrange();
    await expect(handler(event("createSecret"))).rejects.toThrow(message);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it("rejects an unknown step", async () => {
    await expect(handler(event("dropSecret"))).rejects.toThrow(/Unknown rotation step dropSecret/);
  });
});
