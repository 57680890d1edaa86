import { describe, expect, it } from "vitest";
import { withQuota } from "./support/gateway-client.js";
import { keyed, sumRequest } from "./support/suite.js";

/**
 * Checks that need the local stack: its echo route (what Kong sends upstream
 * on /sum's plugins) and its nginx body cap. They change nothing and use
 * the quota of a consumer that exists only there. Runs with E2E_TARGET=local
 * only (vitest.e2e.config.ts leaves it out otherwise).
 */
describe("what Kong sends upstream (local echo route, /sum's plugins)", () => {
  it("strips the consumer's key (hide_credentials) and adds the real gateway secret", async () => {
    const forged = { "x-gateway-secret": "chosen-by-the-client" };
    const reply = await withQuota(() => keyed("/echo", sumRequest({ numbers: [1] }, forged)));
    expect(reply.status).toBe(200);
    const seen = (reply.json as { headers: Record<string, string> }).headers;
    expect(seen).not.toHaveProperty("apikey");
    expect(seen["x-consumer-username"]).toBe("smoke-test");
    expect(seen["x-gateway-secret"]).toMatch(/\S{20,}/);
    expect(seen["x-gateway-secret"]).not.toBe(forged["x-gateway-secret"]);
    expect(seen["x-request-id"]).toBe(reply.headers.get("x-request-id"));
  });
});

describe("chunked bodies (no Content-Length)", () => {
  it("over 1 MiB are counted and refused by Kong's size limit", async () => {
    const reply = await keyed("/sum", { method: "POST", chunked: { size: 64 * 1024, count: 24 } });
    expect(reply.status).toBe(413);
    expect(reply.json).toMatchObject({ message: "Request size limit exceeded" });
  });

  it("over nginx's 2 MiB cap are cut off while being read", async () => {
    const reply = await keyed("/sum", { method: "POST", chunked: { size: 64 * 1024, count: 64 } });
    expect(reply.status).toBe(413);
    expect(reply.json).toMatchObject({ message: "Payload too large" });
  });
});
