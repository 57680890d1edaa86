// Secrets Manager rotation handler for the gateway secret (a plain alphanumeric string).
// The service accepts AWSCURRENT and AWSPREVIOUS, and the gateway picks the new value up at
// its next config sync, so there is nothing to push in setSecret/testSecret: rotation only
// creates a new value and promotes it. See docs/adr/0001-gateway-secret-rotation.md.
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";

const client = new SecretsManagerClient({});
const SECRET_LENGTH = 64;

/** @param {{ SecretId: string, ClientRequestToken: string, Step: string }} event */
export async function handler({ SecretId, ClientRequestToken: token, Step }) {
  const meta = await client.send(new DescribeSecretCommand({ SecretId }));
  if (!meta.RotationEnabled) throw new Error(`Rotation is not enabled for ${SecretId}`);
  const stages = meta.VersionIdsToStages?.[token];
  if (!stages) throw new Error(`Version ${token} does not belong to ${SecretId}`);
  if (stages.includes("AWSCURRENT")) return; // already promoted: a retried finishSecret
  if (!stages.includes("AWSPENDING")) throw new Error(`Version ${token} is not pending`);

  switch (Step) {
    case "createSecret":
      return createSecret(SecretId, token);
    case "setSecret":
    case "testSecret":
      return;
    case "finishSecret":
      return finishSecret(SecretId, token, meta.VersionIdsToStages);
    default:
      throw new Error(`Unknown rotation step ${Step}`);
  }
}

async function createSecret(secretId, token) {
  try {
    await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: token, VersionStage: "AWSPENDING" }));
    return; // created by an earlier attempt of this rotation
  } catch (error) {
    if (error?.name !== "ResourceNotFoundException") throw error;
  }
  const { RandomPassword } = await client.send(
    new GetRandomPasswordCommand({ PasswordLength: SECRET_LENGTH, ExcludePunctuation: true, IncludeSpace: false }),
  );
  await client.send(
    new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: token, SecretString: RandomPassword, VersionStages: ["AWSPENDING"] }),
  );
}

async function finishSecret(secretId, token, versions) {
  const current = Object.entries(versions).find(([, stages]) => stages.includes("AWSCURRENT"))?.[0];
  await client.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: "AWSCURRENT",
      MoveToVersionId: token,
      RemoveFromVersionId: current,
    }),
  );
}
