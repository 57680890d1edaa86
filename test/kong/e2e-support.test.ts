import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  KEYED_CHECKS,
  planE2e,
  RATE_LIMIT_KEYED,
  readE2eEnv,
} from "../e2e/support/e2e-env.js";
import { KeyedRequestBudget, send, withQuota, type Reply } from "../e2e/support/gateway-client.js";

/**
 * The end-to-end suite's own logic, proven offline: which checks a target
 * gets, the keyed budget, and the HTTP client it drives gateways with.
 */
const local = {
  E2E_TARGET: "local",
  E2E_GATEWAY_URL: "https://localhost:8443/",
  E2E_GATEWAY_HTTP_URL: "http://localhost:8000",
  E2E_API_KEY: "k",
  E2E_UPSTREAM_URL: "http://localhost:8080",
};
const deployed = { E2E_TARGET: "deployed", E2E_GATEWAY_URL: "https://gw.example.com", E2E_API_KEY: "k" };

describe("readE2eEnv", () => {
  it("names every missing variable in one line", () => {
    expect(() => readE2eEnv({})).toThrow(/^e2e: set E2E_TARGET, E2E_GATEWAY_URL, E2E_API_KEY \(for a local stack/);
    expect(() => readE2eEnv({ ...deployed, E2E_TARGET: "local" })).toThrow("e2e: set E2E_UPSTREAM_URL, E2E_GATEWAY_HTTP_URL");
  });

  it("refuses an unknown target, a non-URL and a budget that is not a positive whole number", () => {
    expect(() => readE2eEnv({ ...deployed, E2E_TARGET: "prod" })).toThrow("E2E_TARGET must be local or deployed, not 'prod'");
    expect(() => readE2eEnv({ ...deployed, E2E_GATEWAY_URL: "gw" })).toThrow("E2E_GATEWAY_URL is not a URL");
    for (const bad of ["0", "-1", "2.5", "many"]) {
      expect(() => readE2eEnv({ ...deployed, E2E_KEYED_REQUEST_BUDGET: bad })).toThrow("E2E_KEYED_REQUEST_BUDGET");
    }
  });

  it("accepts a self-signed certificate only from a local gateway on localhost", () => {
    expect(readE2eEnv(local)).toMatchObject({ gatewayUrl: "https://localhost:8443", acceptSelfSigned: true });
    expect(readE2eEnv(deployed).acceptSelfSigned).toBe(false);
    expect(readE2eEnv({ ...local, E2E_GATEWAY_URL: "https://gw.example.com" }).acceptSelfSigned).toBe(false);
  });
});

describe("planE2e", () => {
  it("runs everything against the local stack with the default budget", () => {
    expect(planE2e(readE2eEnv(local))).toEqual({
      excludedFiles: [],
      localOnly: true,
      directCalls: true,
      plainHttp: true,
      rateLimit: true,
      leftOut: [],
    });
  });

  it("keeps a deployed run to read-only checks within its budget, saying what it leaves out", () => {
    const plan = planE2e(readE2eEnv({ ...deployed, E2E_KEYED_REQUEST_BUDGET: "5" }));
    expect(plan).toMatchObject({ localOnly: false, directCalls: false, plainHttp: false, rateLimit: false });
    expect(plan.excludedFiles).toEqual(["test/e2e/local-gateway.test.ts", "test/e2e/upstream-trust.test.ts"]);
    expect(plan.leftOut).toHaveLength(4);
    expect(plan.leftOut[3]).toBe(`429 once the limit is used up: needs E2E_KEYED_REQUEST_BUDGET >= ${KEYED_CHECKS + RATE_LIMIT_KEYED}, has 5`);
  });

  it("drives to 429 exactly when the budget holds the whole burst", () => {
    const at = (budget: number) =>
      planE2e(readE2eEnv({ ...deployed, E2E_KEYED_REQUEST_BUDGET: String(budget) })).rateLimit;
    expect(at(KEYED_CHECKS + RATE_LIMIT_KEYED)).toBe(true);
    expect(at(KEYED_CHECKS + RATE_LIMIT_KEYED - 1)).toBe(false);
  });
});

describe("KeyedRequestBudget", () => {
  it("refuses the request past its limit, before it is sent", () => {
    const budget = new KeyedRequestBudget(2);
    budget.take();
    budget.take();
    expect(() => budget.take()).toThrow("e2e: the keyed request budget (2) is spent; raise E2E_KEYED_REQUEST_BUDGET");
    expect(budget.used).toBe(2);
  });
});

describe("send", () => {
  interface Seen {
    readonly headers: IncomingMessage["headers"];
    readonly bytes: number;
  }
  let seen: Seen | undefined;
  // Answers with what it received; refuses a chunked upload after its first piece, as a gateway would.
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let bytes = 0;
    if (request.headers["transfer-encoding"] === "chunked" && request.url === "/refuse") {
      request.once("data", () => {
        response.writeHead(413, { "content-type": "application/json" });
        response.end(JSON.stringify({ message: "Request size limit exceeded" }));
      });
      request.resume();
      return;
    }
    request.on("data", (part: Buffer) => (bytes += part.length));
    request.on("end", () => {
      seen = { headers: request.headers, bytes };
      response.setHeader("set-cookie", ["a=1", "b=2"]);
      response.end("{\"ok\":true}");
    });
  });
  let base = "";

  beforeAll(async () => {
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it("sends a body with its Content-Length and reads the reply's status, headers and JSON", async () => {
    const reply = await send(`${base}/sum`, { method: "POST", headers: { apikey: "k" }, body: "héllo" });
    expect(reply).toMatchObject({ status: 200, json: { ok: true } });
    expect(reply.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(seen?.headers).toMatchObject({ "content-length": "6", apikey: "k" });
    expect(seen?.bytes).toBe(6);
  });

  it("sends a chunked body without Content-Length", async () => {
    const reply = await send(`${base}/sum`, { method: "POST", chunked: { size: 1024, count: 5 } });
    expect(reply.status).toBe(200);
    expect(seen?.headers["transfer-encoding"]).toBe("chunked");
    expect(seen?.headers).not.toHaveProperty("content-length");
    expect(seen?.bytes).toBe(5 * 1024);
  });

  it("returns a refusal that arrives mid-upload, and stops uploading", async () => {
    const reply = await send(`${base}/refuse`, { method: "POST", chunked: { size: 64 * 1024, count: 1024 } });
    expect(reply.status).toBe(413);
    expect(reply.json).toEqual({ message: "Request size limit exceeded" });
  });
});

describe("withQuota", () => {
  const reply = (status: number, retryAfter = "0"): Reply => ({
    status,
    headers: new Headers({ "retry-after": retryAfter }),
    text: "",
    json: undefined,
  });

  it("returns a reply that is not a 429 as it is", async () => {
    let calls = 0;
    expect((await withQuota(async () => (calls += 1, reply(200)))).status).toBe(200);
    expect(calls).toBe(1);
  });

  it("waits out the window named by Retry-After once, then retries", async () => {
    const replies = [reply(429, "0"), reply(200)];
    let calls = 0;
    const result = await withQuota(async () => replies[calls++] ?? reply(500));
    expect(result.status).toBe(200);
    expect(calls).toBe(2);
  });
});
