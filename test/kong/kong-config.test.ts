import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listPlugins, loadDeclarativeConfig, type KongPlugin } from "../../kong/lib/declarative-config.js";
import { listEnvReferences } from "../../kong/lib/env-references.js";
import { isExactRoutePath, routePathMatcher } from "../../kong/lib/route-paths.js";
import { MAX_LIMIT } from "../e2e/support/e2e-env.js";

const source = readFileSync("kong/kong.yaml", "utf8");
const config = loadDeclarativeConfig("kong/kong.yaml");
const service = config.services?.[0];
const routes = service?.routes ?? [];
/** Routes anyone may call without a key: liveness and the API description. */
const PERIODS = ["second", "minute", "hour", "day", "month", "year"];
const PUBLIC_ROUTES = new Set(["health", "openapi", "docs"]);

const allStrings = (value: unknown): string[] =>
  typeof value === "string"
    ? [value]
    : value !== null && typeof value === "object"
      ? Object.values(value).flatMap(allStrings)
      : [];
const pluginOf = (plugins: KongPlugin[] | undefined, name: string) => plugins?.find((p) => p.name === name);

describe("kong/kong.yaml", () => {
  it("is a decK 3.0 file that syncs only entities tagged sum-platform", () => {
    expect(config._format_version).toBe("3.0");
    expect(config._info?.select_tags).toEqual(["sum-platform"]);
  });

  it("reads exactly the contract's variables, and only in values (not in comments)", () => {
    expect(listEnvReferences(source).sort()).toEqual(
      ["DECK_GATEWAY_SECRET", "DECK_KONNECT_CONTROL_PLANE_NAME", "DECK_SMOKE_TEST_API_KEY", "DECK_UPSTREAM_URL"].sort(),
    );
    // decK fills placeholders in the raw text, comments included, so a
    // placeholder in a comment would be required at sync time too.
    expect(listEnvReferences(allStrings(config).join("\n")).sort()).toEqual(listEnvReferences(source).sort());
  });

  it("names its control plane from the variable decK's own flag reads, for the offline Konnect check", () => {
    // `deck file validate --konnect-compatibility` never reads the flag; a sync
    // refuses a flag that differs from this value, so both share one variable.
    expect(config["_konnect"]).toEqual({ control_plane_name: '${{ env "DECK_KONNECT_CONTROL_PLANE_NAME" }}' });
  });

  it("has one service whose URL comes from DECK_UPSTREAM_URL", () => {
    expect(config.services).toHaveLength(1);
    expect(service?.["url"]).toBe('${{ env "DECK_UPSTREAM_URL" }}');
    // The gateway secret travels in this connection: never to an unverified peer.
    expect(service?.["tls_verify"]).toBe(true);
  });

  it.each(routes.map((route) => [route.name, route] as const))(
    "route %s matches one anchored path, keeps it upstream and sets its protocols",
    (_name, route) => {
      expect(route.paths).toHaveLength(1);
      expect(isExactRoutePath(route.paths?.[0] ?? "")).toBe(true);
      expect(route["strip_path"]).toBe(false);
      expect(route.protocols).toEqual(["https"]);
      expect(route.methods?.length).toBeGreaterThan(0);
    },
  );

  it("does not let /sum's route catch look-alike paths", () => {
    const sum = routes.find((route) => route.name === "sum");
    const matcher = routePathMatcher(sum?.paths?.[0] ?? "");
    expect(matcher.test("/sum")).toBe(true);
    for (const path of ["/summary", "/sum/extra", "/v1/sum", "/sumx"]) expect(matcher.test(path)).toBe(false);
  });

  it("requires a key, in a header only, on every route except health and docs", () => {
    for (const route of routes) {
      const keyAuth = pluginOf(route.plugins, "key-auth");
      if (PUBLIC_ROUTES.has(route.name)) {
        expect(keyAuth, route.name).toBeUndefined();
        continue;
      }
      expect(keyAuth?.config, route.name).toMatchObject({
        key_in_header: true,
        key_in_query: false,
        key_in_body: false,
        hide_credentials: true,
      });
    }
    expect(pluginOf(service?.plugins, "key-auth")).toBeUndefined();
    expect(config.plugins ?? []).toEqual([]);
  });

  it("limits with positive, ordered, local counters and shows the rate-limit headers", () => {
    const limits = listPlugins(config).filter(({ plugin }) => plugin.name === "rate-limiting");
    expect(limits.length).toBeGreaterThan(0);
    for (const { where, plugin } of limits) {
      const c = plugin.config ?? {};
      const windows = PERIODS.filter((w) => c[w] !== undefined);
      expect(windows.length, where).toBeGreaterThan(0);
      for (const w of windows) expect(Number.isInteger(c[w]) && (c[w] as number) > 0, `${where}.${w}`).toBe(true);
      // A longer window never allows fewer requests than a shorter one (Kong rejects that too).
      const values = windows.map((w) => c[w] as number);
      expect(values, where).toEqual([...values].sort((a, b) => a - b));
      expect(c["policy"], where).toBe("local");
      expect(c["hide_client_headers"], where).toBe(false);
    }
  });

  it("puts every keyed consumer in a tier, and the smoke-test tier is low enough for the e2e burst", () => {
    const tiers = new Map(config.consumer_groups?.map((g) => [g.name, pluginOf(g.plugins, "rate-limiting")]));
    for (const consumer of config.consumers ?? []) {
      expect(consumer.groups?.length, consumer.username).toBe(1);
      expect(tiers.get(consumer.groups?.[0]?.name ?? ""), consumer.username).toBeDefined();
    }
    const smoke = config.consumers?.find((c) => c.username === "smoke-test");
    const limit = tiers.get(smoke?.groups?.[0]?.name ?? "")?.config?.["minute"];
    expect(limit).toBeLessThanOrEqual(MAX_LIMIT);
  });

  it("tags requests with X-Request-Id and echoes it to the client", () => {
    expect(pluginOf(service?.plugins, "correlation-id")?.config).toMatchObject({
      header_name: "X-Request-Id",
      echo_downstream: true,
    });
  });

  it("removes any client-sent gateway secret before adding the real one", () => {
    const transformer = pluginOf(service?.plugins, "request-transformer")?.config as {
      remove?: { headers?: string[] };
      add?: { headers?: string[] };
    };
    expect(transformer.remove?.headers).toContain("x-gateway-secret");
    expect(transformer.add?.headers).toContain('x-gateway-secret:${{ env "DECK_GATEWAY_SECRET" }}');
  });
});
