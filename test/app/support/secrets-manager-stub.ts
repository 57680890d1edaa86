import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type StubCall = {
  target: string | undefined;
  authorization: string | undefined;
  securityToken: string | undefined;
  body: { SecretId?: string; VersionStage?: string };
};

/** The temporary credentials the stub hands out, as the ECS task-role endpoint would. */
export const STUB_CREDENTIALS = { AccessKeyId: "ASIAEXAMPLESTUB", SecretAccessKey: "stub-secret-access-key", Token: "stub-session-token" };

/**
 * A local stand-in for the Secrets Manager API (JSON 1.1 over HTTP on 127.0.0.1): answers
 * GetSecretValue from `versions` (stage → value), ResourceNotFoundException for a missing stage,
 * and records every call, so the real SDK in the bundle is exercised without any network. It
 * also serves task-role credentials at `/credentials`, in the container credentials endpoint's
 * format, for `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
 */
export async function startSecretsManagerStub(versions: Record<string, string>) {
  const calls: StubCall[] = [];
  let credentialRequests = 0;
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/credentials") {
      credentialRequests++;
      const expiration = new Date(Date.now() + 3_600_000).toISOString();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ...STUB_CREDENTIALS, Expiration: expiration }));
      return;
    }
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => {
      const body = JSON.parse(text || "{}") as StubCall["body"];
      const securityToken = req.headers["x-amz-security-token"] as string | undefined;
      calls.push({ target: req.headers["x-amz-target"] as string | undefined, authorization: req.headers.authorization, securityToken, body });
      const value = versions[body.VersionStage ?? "AWSCURRENT"];
      const answer =
        value === undefined
          ? { status: 400, json: { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret version." } }
          : { status: 200, json: { ARN: body.SecretId, Name: "gateway", VersionId: `v-${body.VersionStage}`, SecretString: value, VersionStages: [body.VersionStage] } };
      res.writeHead(answer.status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, credentialRequests: () => credentialRequests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
