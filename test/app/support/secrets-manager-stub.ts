import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type StubCall = {
  target: string | undefined;
  authorization: string | undefined;
  securityToken: string | undefined;
  body: { SecretId?: string; VersionStage?: string };
};

/**
 * How the stub answers GetSecretValue: from its versions, never (the connection stays open until
 * the client gives up), or with a failure of the given status and raw body.
 */
export type StubBehaviour = { kind: "answer" } | { kind: "hang" } | { kind: "fail"; status: number; body: string; contentType?: string };

/** The temporary credentials the stub hands out, as the ECS task-role endpoint would. */
export const STUB_CREDENTIALS = { AccessKeyId: "ASIAEXAMPLESTUB", SecretAccessKey: "stub-secret-access-key", Token: "stub-session-token" };

/**
 * A local stand-in for the Secrets Manager API (JSON 1.1 over HTTP on 127.0.0.1): answers
 * GetSecretValue from `versions` (stage → value), ResourceNotFoundException for a missing stage,
 * and records every call, so the real SDK is exercised without any network. `behave` makes it
 * hang or fail instead; it counts the calls open at once. It also serves task-role credentials at
 * `/credentials`, in the container credentials endpoint's format, for `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
 */
export async function startSecretsManagerStub(versions: Record<string, string>, behaviour: StubBehaviour = { kind: "answer" }) {
  const calls: StubCall[] = [];
  let credentialRequests = 0;
  let open = 0;
  let mostOpen = 0;
  const answer = (res: ServerResponse, status: number, json: unknown) =>
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(json));
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/credentials") {
      credentialRequests++;
      const expiration = new Date(Date.now() + 3_600_000).toISOString();
      answer(res, 200, { ...STUB_CREDENTIALS, Expiration: expiration });
      return;
    }
    mostOpen = Math.max(mostOpen, ++open);
    res.on("close", () => open--);
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => {
      const body = JSON.parse(text || "{}") as StubCall["body"];
      const securityToken = req.headers["x-amz-security-token"] as string | undefined;
      calls.push({ target: req.headers["x-amz-target"] as string | undefined, authorization: req.headers.authorization, securityToken, body });
      if (behaviour.kind === "hang") return;
      if (behaviour.kind === "fail") {
        res.writeHead(behaviour.status, { "content-type": behaviour.contentType ?? "application/x-amz-json-1.1" }).end(behaviour.body);
        return;
      }
      const value = versions[body.VersionStage ?? "AWSCURRENT"];
      if (value === undefined) {
        answer(res, 400, { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret version." });
      } else {
        answer(res, 200, { ARN: body.SecretId, Name: "gateway", VersionId: `v-${body.VersionStage}`, SecretString: value, VersionStages: [body.VersionStage] });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    credentialRequests: () => credentialRequests,
    /** GetSecretValue calls open now, and the most ever open at once. */
    openCalls: () => ({ now: open, most: mostOpen }),
    behave: (next: StubBehaviour) => (behaviour = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
