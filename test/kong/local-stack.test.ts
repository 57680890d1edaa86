import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import type { DeclarativeConfig } from "../../kong/lib/declarative-config.js";
import { prepareLocalStack } from "../../kong/lib/local-stack.js";

const sourceText = readFileSync("kong/kong.yaml", "utf8");
const envFile = (path: string) =>
  Object.fromEntries(
    readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );

describe("prepareLocalStack", () => {
  const outDir = mkdtempSync(join(tmpdir(), "kong-local-"));
  const files = prepareLocalStack({ sourceText, outDir });
  const config = parse(readFileSync(files.configPath, "utf8")) as DeclarativeConfig;
  const secret = envFile(files.serviceEnvPath)["GATEWAY_SECRET"];

  it("gives Kong the same gateway secret the service checks", () => {
    const transformer = config.services?.[0]?.plugins?.find((p) => p.name === "request-transformer");
    expect(secret?.length).toBeGreaterThanOrEqual(40);
    expect(transformer?.config?.["add"]).toEqual({ headers: [`x-gateway-secret:${secret}`] });
    expect(config.services?.[0]?.["url"]).toBe("http://sum-service:8080");
  });

  it("writes the demo key for the end-to-end suite, pointed at the local stack", () => {
    const smoke = config.consumers?.find((c) => c.username === "smoke-test");
    expect(smoke?.keyauth_credentials?.[0]?.key).toBe(files.apiKey);
    expect(envFile(files.e2eEnvPath)).toEqual({
      E2E_TARGET: "local",
      E2E_GATEWAY_URL: "https://localhost:8443",
      E2E_GATEWAY_HTTP_URL: "http://localhost:8000",
      E2E_API_KEY: files.apiKey,
      E2E_UPSTREAM_URL: "http://localhost:8080",
    });
  });

  it("keeps every route HTTPS-only, as in Konnect, so plain HTTP gets Kong's 426", () => {
    for (const route of config.services?.flatMap((service) => service.routes ?? []) ?? []) {
      expect(route.protocols, route.name).toEqual(["https"]);
      expect(route["https_redirect_status_code"], route.name).toBe(426);
    }
  });

  it("adds a route to the echo upstream with /sum's plugins, and only to the local file", () => {
    const sumService = config.services?.find((service) => service.name === "sum-service");
    const echoService = config.services?.find((service) => service.name === "local-echo");
    const sum = sumService?.routes?.find((route) => route.name === "sum");
    const echo = echoService?.routes?.[0];
    expect(echoService?.["url"]).toBe("http://echo-upstream:8080");
    expect(echo).toMatchObject({ name: "echo", paths: ["~/echo$"], methods: sum?.methods, protocols: ["https"] });
    expect(echo?.plugins).toEqual(sum?.plugins);
    expect(echoService?.plugins).toEqual(sumService?.plugins);
    const shipped = parse(sourceText) as DeclarativeConfig;
    expect(shipped.services?.map((service) => service.name)).toEqual(["sum-service"]);
  });

  it("keeps the secret files private to their owner", () => {
    expect(statSync(files.serviceEnvPath).mode & 0o777).toBe(0o600);
    expect(statSync(files.e2eEnvPath).mode & 0o777).toBe(0o600);
  });

  it("generates new values on every start", () => {
    const again = prepareLocalStack({ sourceText, outDir: mkdtempSync(join(tmpdir(), "kong-local-")) });
    expect(again.apiKey).not.toBe(files.apiKey);
    expect(envFile(again.serviceEnvPath)["GATEWAY_SECRET"]).not.toBe(secret);
  });
});
