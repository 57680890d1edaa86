import { describe, expect, it } from "vitest";
import { direct, sumRequest } from "./support/suite.js";

/** Runs when E2E_UPSTREAM_URL is set (vitest.e2e.config.ts leaves it out otherwise). */
describe("the service reached directly, around the gateway", () => {
  it("is up: its liveness probe needs no gateway secret", async () => {
    expect((await direct("/health")).status).toBe(200);
  });

  it("refuses /sum with 403 problem+json without the gateway secret", async () => {
    const reply = await direct("/sum", sumRequest({ numbers: [1, 2] }));
    expect(reply.status).toBe(403);
    expect(reply.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(reply.json).toMatchObject({ status: 403 });
  });

  it("refuses /sum with 403 when the secret is guessed", async () => {
    const reply = await direct("/sum", sumRequest({ numbers: [1, 2] }, { "x-gateway-secret": "guess" }));
    expect(reply.status).toBe(403);
  });
});
