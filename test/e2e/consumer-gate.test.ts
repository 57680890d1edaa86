import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_LIMIT, RATE_LIMIT_BURST, TOLERATED_NODES } from "./support/e2e-env.js";
import { seconds, waitSeconds, withQuota, type Reply } from "./support/gateway-client.js";
import { env, gateway, keyed, plan, sumRequest } from "./support/suite.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Kong's own error bodies are JSON; the service's are application/problem+json. */
const KONG_JSON = /^application\/json/;
/** Over the 1 MiB limit, under the local nginx cap (2 MiB): the plugin answers. */
const OVERSIZED = `{"numbers":[${"1,".repeat(600_000)}1]}`;

describe("the gateway's key check", () => {
  it("answers 401 with Kong's message when the key is missing", async () => {
    const reply = await gateway("/sum", sumRequest({ numbers: [1, 2] }));
    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({ message: "No API key found in request" });
    expect(reply.headers.get("content-type")).toMatch(KONG_JSON);
  });

  it("sets X-Request-Id on the 401 it answers itself, or keeps the caller's", async () => {
    const generated = await gateway("/sum", sumRequest({ numbers: [1] }));
    expect(generated.status).toBe(401);
    expect(generated.headers.get("x-request-id")).toMatch(UUID);
    const id = `e2e-${randomUUID()}`;
    const echoed = await gateway("/sum", sumRequest({ numbers: [1] }, { "x-request-id": id }));
    expect(echoed.status).toBe(401);
    expect(echoed.headers.get("x-request-id")).toBe(id);
  });

  it("answers 401 when the key is wrong", async () => {
    const reply = await gateway("/sum", sumRequest({ numbers: [1, 2] }, { apikey: `${env.apiKey}-wrong` }));
    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({ message: "Unauthorized" });
  });

  it("ignores a key sent in the query string, where it would end up in logs", async () => {
    const reply = await gateway(`/sum?apikey=${encodeURIComponent(env.apiKey)}`, sumRequest({ numbers: [1, 2] }));
    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({ message: "No API key found in request" });
  });
});

describe("a request with a valid key", () => {
  it("gets the exactly rounded sum, a request id and the rate-limit headers", async () => {
    const reply = await withQuota(() => keyed("/sum", sumRequest({ numbers: [1e16, 1, -1e16] })));
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ sum: 1, count: 3 });
    expect(reply.headers.get("x-request-id")).toMatch(/\S/);
    for (const name of ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"]) {
      expect(seconds(reply.headers, name), name).toBeGreaterThanOrEqual(0);
    }
  });

  it("cannot choose the gateway secret: a client-sent copy is replaced, not kept", async () => {
    const forged = { "x-gateway-secret": "chosen-by-the-client" };
    const reply = await withQuota(() => keyed("/sum", sumRequest({ numbers: [2, 3] }, forged)));
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ sum: 5, count: 2 });
  });

  it("is refused by Kong's size limit, not the service, when the body is over 1 MiB", async () => {
    expect(Buffer.byteLength(OVERSIZED)).toBeGreaterThan(1_048_576);
    // Size limiting runs before rate limiting, so this costs no quota.
    const reply = await keyed("/sum", sumRequest(OVERSIZED));
    expect(reply.status).toBe(413);
    expect(reply.json).toMatchObject({ message: "Request size limit exceeded" });
    expect(reply.headers.get("content-type")).toMatch(KONG_JSON);
  });
});

if (plan.rateLimit) {
  describe("the consumer's rate limit", () => {
    it("answers 429 with Retry-After and RateLimit-* headers within a bounded burst, however many nodes count", async () => {
      let reply = await withQuota(() => keyed("/sum", sumRequest({ numbers: [1] })));
      // A window ending mid-burst would reset the counters; windows are aligned to the clock on every node.
      if (seconds(reply.headers, "ratelimit-reset") < 20) {
        await waitSeconds(seconds(reply.headers, "ratelimit-reset") + 1);
        reply = await withQuota(() => keyed("/sum", sumRequest({ numbers: [1] })));
      }
      expect(reply.status).toBe(200);
      const limit = seconds(reply.headers, "ratelimit-limit");
      expect(limit, "the smoke-test consumer's limit must be reachable in a few requests").toBeLessThanOrEqual(MAX_LIMIT);

      // `policy: local`: each node counts alone, so allow one full limit per node.
      const burst = Math.min(TOLERATED_NODES * limit + 2, RATE_LIMIT_BURST);
      let limited: Reply | undefined;
      for (let sent = 0; sent < burst && !limited; sent += 1) {
        const next = await keyed("/sum", sumRequest({ numbers: [1] }));
        if (next.status === 429) limited = next;
        else expect(next.status).toBe(200);
      }
      expect(limited, `no 429 within ${burst} requests`).toBeDefined();
      const headers = limited?.headers ?? new Headers();
      expect(limited?.json).toMatchObject({ message: "API rate limit exceeded" });
      expect(seconds(headers, "retry-after")).toBeGreaterThan(0);
      expect(seconds(headers, "retry-after")).toBeLessThanOrEqual(60);
      expect(headers.get("ratelimit-remaining")).toBe("0");
      expect(seconds(headers, "ratelimit-limit")).toBe(limit);
      expect(seconds(headers, "ratelimit-reset")).toBeGreaterThan(0);
    });
  });
}
