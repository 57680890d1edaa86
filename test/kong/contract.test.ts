import { describe, expect, it } from "vitest";
import { createApp } from "../../app/app.js";
import { inProcess } from "../app/support/served-app.js";
import { parseConfig } from "../../app/config.js";
import { loadDeclarativeConfig } from "../../kong/lib/declarative-config.js";
import { routePathMatcher } from "../../kong/lib/route-paths.js";

/**
 * The gateway must publish exactly the service's public API, as the service
 * itself describes it (its OpenAPI document), and cut bodies where it does.
 */
const config = parseConfig({});
const gateway = loadDeclarativeConfig("kong/kong.yaml");
const service = gateway.services?.[0];
const routes = service?.routes ?? [];

/** Served by the service but never through the gateway: probes and metrics. */
const INTERNAL_PATHS = ["/ready", "/metrics"];
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

async function openApiOperations(): Promise<string[]> {
  const response = await inProcess(createApp(config)).request("/openapi.json");
  expect(response.status).toBe(200);
  const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(document.openapi).toMatch(/^3\.1\./);
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/** Which route (if any) Kong would pick for a method and path. */
function routeFor(method: string, path: string) {
  return routes.filter(
    (route) =>
      (route.methods ?? []).includes(method) && (route.paths ?? []).some((p) => routePathMatcher(p).test(path)),
  );
}

describe("gateway routes against the service's OpenAPI document", () => {
  it("route every public operation, and nothing else", async () => {
    const operations = await openApiOperations();
    const publicOperations = operations.filter((op) => !INTERNAL_PATHS.includes(op.split(" ")[1] ?? ""));
    for (const op of publicOperations) {
      const [method = "", path = ""] = op.split(" ");
      expect(routeFor(method, path).map((r) => r.name), op).toHaveLength(1);
    }
    const routed = routes.flatMap((route) =>
      (route.methods ?? []).flatMap((method) =>
        (route.paths ?? []).map((p) => `${method} ${p.replace(/^~/, "").replace(/\$$/, "").replace(/\\(.)/g, "$1")}`),
      ),
    );
    expect(routed.sort()).toEqual(publicOperations.sort());
  });

  it("never route the readiness probe or the metrics endpoint", () => {
    for (const path of INTERNAL_PATHS) {
      for (const method of ["GET", "POST", "HEAD"]) expect(routeFor(method, path), `${method} ${path}`).toEqual([]);
    }
  });
});

describe("request size limit", () => {
  it("equals the service's configured body limit, in bytes", () => {
    const limit = service?.plugins?.find((plugin) => plugin.name === "request-size-limiting");
    expect(limit?.config?.["size_unit"]).toBe("bytes");
    expect(limit?.config?.["allowed_payload_size"]).toBe(config.bodyLimitBytes);
  });
});
