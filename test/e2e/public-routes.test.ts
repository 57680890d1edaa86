import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readE2eEnv } from "./support/e2e-env.js";
import { call } from "./support/gateway-client.js";

const { gatewayUrl } = readE2eEnv(process.env);

describe("routes open without a key", () => {
  it("serves /health and echoes the caller's X-Request-Id", async () => {
    const id = `e2e-${randomUUID()}`;
    const reply = await call(`${gatewayUrl}/health`, { headers: { "x-request-id": id } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("x-request-id")).toBe(id);
  });

  it("gives every request an X-Request-Id when the caller sends none", async () => {
    const reply = await call(`${gatewayUrl}/health`);
    expect(reply.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves the OpenAPI 3.1 description and the docs page", async () => {
    const spec = await call(`${gatewayUrl}/openapi.json`);
    expect(spec.status).toBe(200);
    expect((spec.json as { openapi?: string }).openapi).toMatch(/^3\.1\./);
    const docs = await call(`${gatewayUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get("content-type")).toMatch(/text\/html/);
  });
});

describe("what the gateway does not route", () => {
  it.each([
    ["GET", "/ready"],
    ["GET", "/metrics"],
    ["GET", "/sum"],
    ["POST", "/summary"],
  ])("%s %s is unknown to the gateway (404)", async (method, path) => {
    const reply = await call(`${gatewayUrl}${path}`, { method });
    expect(reply.status).toBe(404);
  });
});
