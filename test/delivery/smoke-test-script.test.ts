import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { deliveryScript, runScript } from "./run-script.js";

const KEY = "smoke-key-for-tests";
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const servers: Server[] = [];

async function serve(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** Behaves like Kong in front of a correct service: key-auth, then the real answer. */
function gateway({ openWithoutKey = false, sum = 3.5, failFirst = 0 } = {}): Handler {
  let calls = 0;
  return (req, res) => {
    req.resume();
    calls += 1;
    if (calls <= failFirst) return reply(res, 401, { message: "Invalid authentication credentials" });
    if (req.headers.apikey !== KEY && !openWithoutKey) return reply(res, 401, { message: "No API key found in request" });
    reply(res, 200, { sum, count: 4 });
  };
}

/** The service itself: refuses any call without the gateway secret unless `open`. */
function upstream(open = false): Handler {
  return (req, res) => {
    req.resume();
    if (open) return reply(res, 200, { sum: 3.5, count: 4 });
    reply(res, 403, { title: "Forbidden", status: 403 });
  };
}

const smoke = (env: Record<string, string>) =>
  runScript(deliveryScript("smoke-test.sh"), [], { SMOKE_API_KEY: KEY, SMOKE_ATTEMPTS: "3", SMOKE_DELAY_SECONDS: "0", ...env });

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("smoke-test.sh", () => {
  it("passes against a healthy gateway and a service that refuses bypass", async () => {
    const result = await smoke({ SMOKE_GATEWAY_URL: await serve(gateway()), SMOKE_UPSTREAM_URL: await serve(upstream()) });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/exact sum[\s\S]*without a key[\s\S]*bypasses the gateway/);
  });

  it("waits for a fresh sync to reach the data plane", async () => {
    const result = await smoke({ SMOKE_GATEWAY_URL: await serve(gateway({ failFirst: 2 })) });
    expect(result.code).toBe(0);
  });

  it("fails when the gateway answers a wrong sum", async () => {
    const result = await smoke({ SMOKE_GATEWAY_URL: await serve(gateway({ sum: 2.5 })) });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/did not answer 200[\s\S]*"sum":2.5/);
  });

  it("fails when the gateway lets a call without a key through", async () => {
    const result = await smoke({ SMOKE_GATEWAY_URL: await serve(gateway({ openWithoutKey: true })) });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("without a key answered 200, expected 401");
  });

  it("fails when the service can be called around the gateway", async () => {
    const result = await smoke({ SMOKE_GATEWAY_URL: await serve(gateway()), SMOKE_UPSTREAM_URL: await serve(upstream(true)) });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("straight to the service answered 200, expected 403");
  });

  it("fails when the gateway cannot be reached, without printing the key", async () => {
    const result = await smoke({ SMOKE_GATEWAY_URL: "http://127.0.0.1:9" });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("last status: 000");
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  it("names the missing variable", async () => {
    const result = await runScript(deliveryScript("smoke-test.sh"), [], { SMOKE_API_KEY: KEY });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("SMOKE_GATEWAY_URL");
  });
});
