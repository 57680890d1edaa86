import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { canaryScriptPath } from "../../cdk/lib/constructs/gateway-canary.js";
import { startSecretsManagerStub } from "../app/support/secrets-manager-stub.js";

/**
 * The Synthetics runtime's modules, as the canary uses them: `executeHttpStep` sends the request
 * with Node's own http client (as the runtime does) and hands the response to the step's callback.
 * They record what the script asked for, so the test can see the step configuration.
 */
const SYNTHETICS_STUB = `
const http = require("node:http");
exports.steps = [];
exports.configs = [];
exports.getConfiguration = () => ({ setConfig: (config) => exports.configs.push(config) });
exports.getCanaryUserAgentString = () => "CloudWatchSynthetics/test";
exports.executeHttpStep = async (name, options, callback, stepConfig) => {
  exports.steps.push({ name, options, stepConfig });
  const { body, protocol, ...request } = options;
  if (protocol !== "http:") throw new Error("the test gateway speaks plain http");
  const response = await new Promise((resolve, reject) => http.request(request, resolve).on("error", reject).end(body));
  await callback(response);
};`;
const LOGGER_STUB = `exports.lines = []; for (const level of ["info", "warn", "error", "debug"]) exports[level] = (...args) => exports.lines.push(args.join(" "));`;

interface Runtime {
  handler: () => Promise<void>;
  synthetics: { steps: { name: string; options: Record<string, unknown>; stepConfig: { restrictedHeaders: string[]; includeRequestHeaders: boolean } }[] };
  logger: { lines: string[] };
}

/** A directory laid out like the canary's Lambda: the script as index.js, the runtime's modules beside it. */
function loadCanary(): Runtime {
  const dir = mkdtempSync(join(tmpdir(), "canary-"));
  for (const [name, code] of [
    ["Synthetics", SYNTHETICS_STUB],
    ["SyntheticsLogger", LOGGER_STUB],
  ] as const) {
    mkdirSync(join(dir, "node_modules", name), { recursive: true });
    writeFileSync(join(dir, "node_modules", name, "index.js"), code);
  }
  // The runtime's AWS SDK v3: the repository's own copy of the client.
  symlinkSync(fileURLToPath(new URL("../../node_modules/@aws-sdk", import.meta.url)), join(dir, "node_modules", "@aws-sdk"), "dir");
  copyFileSync(canaryScriptPath, join(dir, "index.js"));
  const load = createRequire(join(dir, "index.js"));
  return { handler: (load("./index.js") as { handler: () => Promise<void> }).handler, synthetics: load("Synthetics"), logger: load("SyntheticsLogger") };
}

/** A stand-in for the gateway: answers POST /sum with what the test sets, and keeps what it received. */
async function startGateway() {
  const received: { method?: string; url?: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  let answer = { status: 200, body: '{"sum":3.5,"count":4}' };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    answer: (status: number, body: string) => (answer = { status, body }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const KEY = "smoke-key-0123456789abcdef";
let gateway: Awaited<ReturnType<typeof startGateway>>;
let secrets: Awaited<ReturnType<typeof startSecretsManagerStub>>;
let canary: Runtime;

beforeAll(async () => {
  gateway = await startGateway();
  secrets = await startSecretsManagerStub({ AWSCURRENT: `${KEY}\n` });
  canary = loadCanary();
});
afterAll(async () => {
  await gateway.close();
  await secrets.close();
});

/** Runs the canary as Synthetics would, with the stub gateway and the Secrets Manager stub. */
async function run(gatewayPath = "") {
  vi.stubEnv("GATEWAY_URL", `${gateway.url}${gatewayPath}`);
  vi.stubEnv("API_KEY_SECRET_ID", "arn:aws:secretsmanager:eu-west-1:000000000000:secret:sum-platform/dev/smoke-test-api-key");
  vi.stubEnv("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.url);
  vi.stubEnv("AWS_REGION", "eu-west-1");
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "example-secret");
  return canary.handler();
}
afterEach(() => {
  vi.unstubAllEnvs();
  gateway.answer(200, '{"sum":3.5,"count":4}');
});

describe("gateway canary script", () => {
  it("POSTs the known body to /sum with the key read from Secrets Manager, and passes on the exact answer", async () => {
    await expect(run()).resolves.toBeUndefined();
    const last = gateway.received.at(-1)!;
    expect(last).toMatchObject({ method: "POST", url: "/sum" });
    expect(JSON.parse(last.body)).toEqual({ numbers: [1e16, 1, -1e16, 2.5] });
    expect(last.headers).toMatchObject({ apikey: KEY, "content-type": "application/json", "user-agent": "CloudWatchSynthetics/test" });
    expect(secrets.calls.at(-1)!.body.SecretId).toMatch(/smoke-test-api-key$/);
  });

  it("keeps the gateway URL's own path in front of /sum", async () => {
    await run("/team/");
    expect(gateway.received.at(-1)!.url).toBe("/team/sum");
  });

  it("keeps the key out of the run's reports", async () => {
    await run();
    const { stepConfig } = canary.synthetics.steps.at(-1)!;
    expect(stepConfig.restrictedHeaders).toEqual(["apikey"]);
    expect(stepConfig.includeRequestHeaders).toBe(false);
    expect(canary.logger.lines.join("\n")).not.toContain(KEY);
  });

  it.each([
    [200, '{"sum":2.5,"count":4}', /answered \{"sum":2\.5,"count":4\}, expected \{"sum":3\.5,"count":4\}/],
    [200, '{"sum":3.5,"count":3}', /expected \{"sum":3\.5,"count":4\}/],
    [200, '{"sum":"3.5","count":4}', /expected/],
    [200, "null", /expected/],
    [200, "<html>maintenance</html>", /not JSON: <html>maintenance/],
    [401, '{"message":"No API key found in request"}', /answered 401, expected 200: \{"message":"No API key found/],
    [429, '{"message":"API rate limit exceeded"}', /answered 429/],
    [502, "", /answered 502/],
  ])("fails the run on %i %s", async (status, body, message) => {
    gateway.answer(status, body);
    await expect(run()).rejects.toThrow(message);
  });

  it("fails the run, without calling the gateway, when the key secret is empty", async () => {
    const empty = await startSecretsManagerStub({ AWSCURRENT: "  " });
    const before = gateway.received.length;
    vi.stubEnv("AWS_ENDPOINT_URL_SECRETS_MANAGER", empty.url);
    try {
      vi.stubEnv("GATEWAY_URL", gateway.url);
      vi.stubEnv("API_KEY_SECRET_ID", "arn:aws:secretsmanager:eu-west-1:000000000000:secret:x");
      vi.stubEnv("AWS_REGION", "eu-west-1");
      vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
      vi.stubEnv("AWS_SECRET_ACCESS_KEY", "example-secret");
      await expect(canary.handler()).rejects.toThrow("the smoke-test key secret has no value");
      expect(gateway.received.length).toBe(before);
    } finally {
      await empty.close();
    }
  });
});
