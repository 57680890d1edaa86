import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { gateway, plain, plan } from "./support/suite.js";

describe("routes open without a key", () => {
  it("serves /health and carries the caller's X-Request-Id through", async () => {
    const id = `e2e-${randomUUID()}`;
    const reply = await gateway("/health", { headers: { "x-request-id": id } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("x-request-id")).toBe(id);
  });

  it("serves the OpenAPI 3.1 description and the docs page", async () => {
    const spec = await gateway("/openapi.json");
    expect(spec.status).toBe(200);
    expect((spec.json as { openapi?: string }).openapi).toMatch(/^3\.1\./);
    const docs = await gateway("/docs");
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
  ])("%s %s gets Kong's own 404, never the service", async (method, path) => {
    const reply = await gateway(path, { method });
    expect(reply.status).toBe(404);
    expect(reply.json).toMatchObject({ message: "no Route matched with those values" });
  });
});

if (plan.plainHttp) {
  describe("plain HTTP", () => {
    it.each([
      ["GET", "/health"],
      ["POST", "/sum"],
    ])("%s %s gets Kong's 426 before any plugin or the service sees it", async (method, path) => {
      const reply = await plain(path, { method });
      expect(reply.status).toBe(426);
      expect(reply.json).toMatchObject({ message: "Please use HTTPS protocol" });
      expect(reply.headers.get("upgrade")).toBe("TLS/1.2, HTTP/1.1");
    });
  });
}
