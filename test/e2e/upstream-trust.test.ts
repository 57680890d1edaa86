import { describe, expect, it } from "vitest";
import { readE2eEnv } from "./support/e2e-env.js";
import { call, postSum } from "./support/gateway-client.js";

const { upstreamUrl } = readE2eEnv(process.env);

describe("the service reached directly, around the gateway", () => {
  it("is up: its liveness probe needs no gateway secret", async () => {
    expect((await call(`${upstreamUrl}/health`)).status).toBe(200);
  });

  it("refuses /sum with 403 problem+json without the gateway secret", async () => {
    const reply = await postSum(upstreamUrl, { numbers: [1, 2] });
    expect(reply.status).toBe(403);
    expect(reply.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(reply.json).toMatchObject({ status: 403 });
  });

  it("refuses /sum with 403 when the secret is guessed", async () => {
    const reply = await postSum(upstreamUrl, { numbers: [1, 2] }, undefined, { "x-gateway-secret": "guess" });
    expect(reply.status).toBe(403);
  });
});
