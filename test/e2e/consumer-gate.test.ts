import { describe, expect, it } from "vitest";
import { readE2eEnv } from "./support/e2e-env.js";
import { call, postSum, seconds, waitSeconds, withQuota, type Reply } from "./support/gateway-client.js";

const { gatewayUrl, apiKey } = readE2eEnv(process.env);
/** Kong's answer to a wrong key: "Unauthorized" since 3.x patches, formerly this. */
const WRONG_KEY_MESSAGES = ["Unauthorized", "Invalid authentication credentials"];
/** Never send more than this many requests to reach a limit. */
const MAX_LIMIT = 30;

describe("the gateway's key check", () => {
  it("answers 401 with Kong's message when the key is missing", async () => {
    const reply = await postSum(gatewayUrl, { numbers: [1, 2] });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ message: "No API key found in request" });
  });

  it("answers 401 when the key is wrong", async () => {
    const reply = await postSum(gatewayUrl, { numbers: [1, 2] }, `${apiKey}-wrong`);
    expect(reply.status).toBe(401);
    expect(WRONG_KEY_MESSAGES).toContain((reply.json as { message?: string }).message);
  });

  it("ignores a key sent in the query string, where it would end up in logs", async () => {
    const reply = await call(`${gatewayUrl}/sum?apikey=${encodeURIComponent(apiKey)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ numbers: [1, 2] }),
    });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ message: "No API key found in request" });
  });
});

describe("a request with a valid key", () => {
  it("gets the exactly rounded sum, a request id and the rate-limit headers", async () => {
    const reply = await withQuota(() => postSum(gatewayUrl, { numbers: [1e16, 1, -1e16] }, apiKey));
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ sum: 1, count: 3 });
    expect(reply.headers.get("x-request-id")).toMatch(/\S/);
    for (const name of ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"]) {
      expect(seconds(reply.headers, name), name).toBeGreaterThanOrEqual(0);
    }
  });

  it("cannot choose the gateway secret: a client-sent copy is replaced, not kept", async () => {
    const forged = { "x-gateway-secret": "chosen-by-the-client" };
    const reply = await withQuota(() => postSum(gatewayUrl, { numbers: [2, 3] }, apiKey, forged));
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ sum: 5, count: 2 });
  });

  it("is refused with 413 when the body is over the 1 MiB limit", async () => {
    const body = `{"numbers":[${"1,".repeat(600_000)}1]}`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(1_048_576);
    const reply = await postSum(gatewayUrl, body, apiKey);
    expect(reply.status).toBe(413);
  });
});

describe("the consumer's rate limit", () => {
  it("answers 429 with Retry-After and RateLimit-* headers once the limit is used up", async () => {
    let reply = await withQuota(() => postSum(gatewayUrl, { numbers: [1] }, apiKey));
    // A window about to end would reset the counter halfway through.
    if (seconds(reply.headers, "ratelimit-reset") < 5) {
      await waitSeconds(seconds(reply.headers, "ratelimit-reset") + 1);
      reply = await withQuota(() => postSum(gatewayUrl, { numbers: [1] }, apiKey));
    }
    expect(reply.status).toBe(200);
    const remaining = seconds(reply.headers, "ratelimit-remaining");
    expect(remaining, "the smoke-test consumer's limit must be reachable in a few requests").toBeLessThanOrEqual(
      MAX_LIMIT,
    );

    // Counters are per gateway node, so allow for a second node's share.
    const budget = 2 * MAX_LIMIT + 2;
    let limited: Reply | undefined;
    for (let sent = 0; sent < budget && !limited; sent += 1) {
      const next = await postSum(gatewayUrl, { numbers: [1] }, apiKey);
      if (next.status === 429) limited = next;
      else expect(next.status).toBe(200);
    }
    expect(limited, `no 429 after ${budget} requests`).toBeDefined();
    expect(limited?.json).toEqual({ message: "API rate limit exceeded" });
    expect(seconds(limited?.headers ?? new Headers(), "retry-after")).toBeGreaterThan(0);
    expect(limited?.headers.get("ratelimit-remaining")).toBe("0");
    expect(seconds(limited?.headers ?? new Headers(), "ratelimit-limit")).toBeGreaterThan(0);
    expect(seconds(limited?.headers ?? new Headers(), "ratelimit-reset")).toBeGreaterThan(0);
  });
});
