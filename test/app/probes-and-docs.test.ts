import { describe, expect, it } from "vitest";
import { createApp } from "../../app/app.js";
import { parseConfig } from "../../app/config.js";
import { DrainState } from "../../app/lib/drain-state.js";

describe("probes", () => {
  it("/health is 200 and /ready is 200 until draining, then 503 with a problem", async () => {
    const drainState = new DrainState();
    const app = createApp(parseConfig({}), { drainState });
    expect(await (await app.request("/health")).json()).toEqual({ status: "ok" });
    expect((await app.request("/ready")).status).toBe(200);
    drainState.begin();
    const ready = await app.request("/ready");
    expect(ready.status).toBe(503);
    expect(ready.headers.get("content-type")).toBe("application/problem+json");
    expect(ready.headers.get("connection")).toBe("close");
    expect((await app.request("/health")).status).toBe(200);
  });
});

describe("API description", () => {
  const app = createApp(parseConfig({ MAX_NUMBERS: "500" }), { version: "1.2.3" });

  it("serves an OpenAPI 3.1 document generated from the route schemas", async () => {
    const res = await app.request("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      info: { version: string };
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, { maxItems?: number }> }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe("1.2.3");
    expect(Object.keys(doc.paths).sort()).toEqual(["/docs", "/health", "/openapi.json", "/ready", "/sum"]);
    expect(Object.keys(doc.paths["/sum"]?.post?.responses ?? {}).sort()).toEqual(["200", "400", "403", "413", "415", "422"]);
    expect(doc.components.schemas.SumRequest?.properties?.numbers?.maxItems).toBe(500);
    expect(doc.components.schemas.Problem).toBeDefined();
  });

  it("serves a browsable page at /docs that loads the document", async () => {
    const res = await app.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain("/openapi.json");
  });
});
