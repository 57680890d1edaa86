import { describe, expect, it } from "vitest";
import { createApp } from "../../app/app.js";
import { inProcess } from "./support/served-app.js";
import { parseConfig } from "../../app/config.js";
import { DrainState } from "../../app/lib/http/drain-state.js";
import { SWAGGER_UI } from "../../app/lib/http/swagger-ui-assets.js";

describe("probes", () => {
  it("/health is 200 and /ready is 200 until draining, then 503 with a problem", async () => {
    const drainState = new DrainState();
    const app = inProcess(createApp(parseConfig({}), { drainState }));
    expect(await (await app.request("/health")).json()).toEqual({ status: "ok" });
    expect((await app.request("/ready")).status).toBe(200);
    drainState.begin();
    const ready = await app.request("/ready");
    expect(ready.status).toBe(503);
    expect(ready.headers.get("content-type")).toBe("application/problem+json");
    expect(ready.headers.get("connection")).toBe("close");
    expect((await app.request("/health")).status).toBe(200);
  });

  it("answers HEAD like GET, without a body", async () => {
    const res = await inProcess(createApp(parseConfig({}))).request("/health", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(await res.text()).toBe("");
  });
});

describe("API description", () => {
  const app = inProcess(createApp(parseConfig({ MAX_NUMBERS: "500" }), { version: "1.2.3" }));

  it("serves an OpenAPI 3.1 document generated from the route schemas", async () => {
    const res = await app.request("/openapi.json", { headers: { "x-request-id": "docs-1" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("docs-1");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const doc = (await res.json()) as {
      openapi: string;
      info: { version: string };
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, { maxItems?: number }> }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe("1.2.3");
    expect(Object.keys(doc.paths).sort()).toEqual(["/docs", "/health", "/openapi.json", "/ready", "/sum"]);
    expect(Object.keys(doc.paths["/sum"]?.post?.responses ?? {}).sort()).toEqual(["200", "400", "403", "413", "415", "422", "503"]);
    expect(doc.components.schemas.SumRequest?.properties?.numbers?.maxItems).toBe(500);
    expect(doc.components.schemas.Problem).toBeDefined();
  });

  it("refuses a wrong body on every documented request body with the 422 problem", async () => {
    const doc = (await (await app.request("/openapi.json")).json()) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    const withBodies = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) => (operation.requestBody ? [{ path, method: method.toUpperCase() }] : [])),
    );
    expect(withBodies).toEqual([{ path: "/sum", method: "POST" }]);
    for (const { path, method } of withBodies) {
      const res = await app.request(path, { method, body: '{"unexpected":true}', headers: { "content-type": "application/json" } });
      expect({ path, status: res.status, type: res.headers.get("content-type") }).toEqual({ path, status: 422, type: "application/problem+json" });
    }
  });

  it("serves a browsable page at /docs that loads the document", async () => {
    const res = await app.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}-[0-9a-z]+$/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toContain('url: "/openapi.json"');
  });

  it("loads Swagger UI only as the pinned release, each file checked by its integrity hash", async () => {
    const page = await (await app.request("/docs")).text();
    const external = [...page.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="(https?:[^"]+)"[^>]*>/g)];
    expect(external.map(([, url]) => url)).toEqual([
      `https://cdn.jsdelivr.net/npm/swagger-ui-dist@${SWAGGER_UI.version}/swagger-ui.css`,
      `https://cdn.jsdelivr.net/npm/swagger-ui-dist@${SWAGGER_UI.version}/swagger-ui-bundle.js`,
    ]);
    for (const [tag] of external) {
      expect(tag).toMatch(/ integrity="sha384-[A-Za-z0-9+/]{64}" /);
      expect(tag).toContain('crossorigin="anonymous"');
    }
    expect(SWAGGER_UI.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
