import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { findEnterpriseOnly } from "../../kong/lib/enterprise-only.js";
import { renderDbless } from "../../kong/lib/render-dbless.js";

const source = readFileSync("kong/kong.yaml", "utf8");
const env = {
  DECK_UPSTREAM_URL: "http://sum-service:8080",
  // Characters that would break the YAML if substituted as raw text.
  DECK_GATEWAY_SECRET: `s3cr'et: "#x`,
  DECK_SMOKE_TEST_API_KEY: "demo-key-123",
};
const rendered = renderDbless(source, env);
const reparsed = parse(rendered.yaml) as typeof rendered.config;
const smoke = reparsed.consumers?.find((c) => c.username === "smoke-test");
const sumRoute = reparsed.services?.[0]?.routes?.find((r) => r.name === "sum");

describe("renderDbless", () => {
  it("fills every placeholder with its value, whatever characters it holds", () => {
    expect(rendered.yaml).not.toContain("${{");
    expect(reparsed.services?.[0]?.["url"]).toBe("http://sum-service:8080");
    const transformer = reparsed.services?.[0]?.plugins?.find((p) => p.name === "request-transformer");
    expect(transformer?.config?.["add"]).toEqual({ headers: [`x-gateway-secret:s3cr'et: "#x`] });
    expect(smoke?.keyauth_credentials).toEqual([{ key: "demo-key-123", tags: ["sum-platform"] }]);
  });

  it("fails naming the missing variable, in one line", () => {
    const { DECK_SMOKE_TEST_API_KEY: _omitted, ...partial } = env;
    expect(() => renderDbless(source, partial)).toThrow(
      /^environment variable 'DECK_SMOKE_TEST_API_KEY' present in state file but not set$/,
    );
    expect(() => renderDbless(source, { ...env, DECK_GATEWAY_SECRET: "" })).toThrow(/'DECK_GATEWAY_SECRET'/);
    expect(() => renderDbless(source, {})).toThrow(
      "environment variables 'DECK_UPSTREAM_URL', 'DECK_GATEWAY_SECRET', 'DECK_SMOKE_TEST_API_KEY'",
    );
  });

  it("needs no control plane: decK's _konnect target is dropped before any variable is read", () => {
    expect(source).toContain("DECK_KONNECT_CONTROL_PLANE_NAME");
    expect(env).not.toHaveProperty("DECK_KONNECT_CONTROL_PLANE_NAME");
    expect(reparsed).not.toHaveProperty("_konnect");
  });

  it("refuses variables without decK's DECK_ prefix", () => {
    const text = `_format_version: "3.0"\nservices:\n  - name: s\n    url: '\${{ env "HOME" }}'\n`;
    expect(() => renderDbless(text, { HOME: "/root" })).toThrow(/must be prefixed with 'DECK_', found: 'HOME'/);
  });

  it("gives each tier member its tier's rate limit as a consumer plugin", () => {
    expect(reparsed).not.toHaveProperty("consumer_groups");
    expect(smoke).not.toHaveProperty("groups");
    const limit = smoke?.plugins?.find((p) => p.name === "rate-limiting");
    expect(limit?.config).toMatchObject({ minute: 20, hour: 600, limit_by: "consumer", policy: "local" });
  });

  it("leaves no Enterprise-only entity or decK metadata", () => {
    expect(findEnterpriseOnly(reparsed)).toEqual([]);
    expect(reparsed).not.toHaveProperty("_info");
  });

  it("tags every entity as a decK sync with select_tags would", () => {
    for (const entity of [reparsed.services?.[0], sumRoute, smoke, ...(sumRoute?.plugins ?? [])]) {
      expect(entity?.["tags"]).toEqual(["sum-platform"]);
    }
  });

  it("drops upstream TLS settings, which Kong rejects on a plain-HTTP service", () => {
    expect(reparsed.services?.[0]).not.toHaveProperty("tls_verify");
    const https = renderDbless(source, { ...env, DECK_UPSTREAM_URL: "https://alb.example.com" });
    expect(https.config.services?.[0]?.["tls_verify"]).toBe(true);
  });

  it("keeps routes HTTPS-only, as in Konnect, unless plain HTTP is asked for", () => {
    expect(sumRoute?.protocols).toEqual(["https"]);
    const widened = renderDbless(source, env, { allowPlainHttp: true });
    expect(widened.config.services?.[0]?.routes?.[0]?.protocols).toEqual(["http", "https"]);
  });

  it("rejects a consumer in a group the file does not define", () => {
    const text = `_format_version: "3.0"\nconsumers:\n  - username: a\n    groups:\n      - name: gold\n`;
    expect(() => renderDbless(text, {})).toThrow("consumer 'a' is in unknown consumer group 'gold'");
  });

  it("renders every way decK writes tiers: members under the group, custom_id consumers, group-scoped plugins", () => {
    const text = [
      `_format_version: "3.0"`,
      "consumer_groups:",
      "  - name: pro",
      "    consumers:",
      "      - custom_id: crm-7",
      "consumers:",
      "  - custom_id: crm-7",
      "plugins:",
      "  - name: rate-limiting",
      "    id: 0b7f3c52-1111-4c3a-9d7e-5a0f3a1c2b3d",
      "    consumer_group: pro",
      "    config: { minute: 600, policy: local }",
    ].join("\n");
    const { config } = renderDbless(text, {});
    expect(config.consumers).toEqual([
      { custom_id: "crm-7", plugins: [{ name: "rate-limiting", config: { minute: 600, policy: "local" } }] },
    ]);
    expect(config.plugins).toEqual([]);
    expect(findEnterpriseOnly(config)).toEqual([]);
  });

  it("refuses a group-scoped plugin under a route, which open-source Kong would fail to start with", () => {
    const text = [
      `_format_version: "3.0"`,
      "services:",
      "  - name: s",
      "    url: http://upstream:8080",
      "    routes:",
      "      - name: r",
      "        paths: [/r]",
      "        plugins:",
      "          - name: rate-limiting",
      "            consumer_group: pro",
    ].join("\n");
    expect(() => renderDbless(text, {})).toThrow(
      "no open-source Kong equivalent for: services[0].routes[0].plugins[0].consumer_group",
    );
  });

  it("refuses to drop an Enterprise plugin it cannot translate", () => {
    const text = `_format_version: "3.0"\nplugins:\n  - name: rate-limiting-advanced\n    config: {}\n`;
    expect(() => renderDbless(text, {})).toThrow("no open-source Kong equivalent for: plugins[0] (rate-limiting-advanced)");
  });
});

describe("npm run kong:render", () => {
  const tsx = join("node_modules", ".bin", "tsx");

  it("writes the rendered file where it is told", () => {
    const out = join(mkdtempSync(join(tmpdir(), "kong-render-")), "kong.yaml");
    execFileSync(tsx, ["kong/render.ts", "--out", out], { env: { ...process.env, ...env }, stdio: "pipe" });
    expect(readFileSync(out, "utf8")).toBe(rendered.yaml);
  });

  it("exits 1 with one line naming the unset variable", () => {
    const { DECK_UPSTREAM_URL: _omitted, ...partial } = env;
    const run = spawnSync(tsx, ["kong/render.ts", "--out", join(tmpdir(), "never.yaml")], {
      env: { PATH: process.env["PATH"], ...partial },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      "kong:render: environment variable 'DECK_UPSTREAM_URL' present in state file but not set",
    );
  });
});
