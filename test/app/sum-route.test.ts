import { describe, expect, it } from "vitest";
import { postSum, testApp } from "./support/app-fixture.js";

const json = (value: unknown) => JSON.stringify(value);

describe("POST /sum", () => {
  const app = testApp();

  it("answers the correctly rounded sum and the count", async () => {
    const res = await postSum(app, json({ numbers: [1e16, 1, -1e16] }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ sum: 1, count: 3 });
  });

  it("accepts a charset parameter and +json media types", async () => {
    const withCharset = await postSum(app, json({ numbers: [0.1, 0.2] }), { "content-type": "application/json; charset=utf-8" });
    expect(await withCharset.json()).toEqual({ sum: 0.30000000000000004, count: 2 });
    const vendor = await postSum(app, json({ numbers: [2] }), { "content-type": "application/vnd.api+json" });
    expect(vendor.status).toBe(200);
  });

  it("echoes a caller's X-Request-Id and adds safe headers", async () => {
    const res = await postSum(app, json({ numbers: [1] }), { "content-type": "application/json", "x-request-id": "kong-abc-123" });
    expect(res.headers.get("x-request-id")).toBe("kong-abc-123");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("makes up a request id when the caller's is missing or unsafe", async () => {
    const res = await postSum(app, json({ numbers: [1] }), { "content-type": "application/json", "x-request-id": "a b<script>" });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}-[0-9a-z]+$/);
  });

  it("never gives two requests the same made-up id", async () => {
    const ids = new Set<string | null>();
    for (let i = 0; i < 50; i++) ids.add((await app.request("/health")).headers.get("x-request-id"));
    expect(ids.size).toBe(50);
  });

  it("accepts exactly MAX_NUMBERS numbers and refuses one more", async () => {
    const small = testApp({ MAX_NUMBERS: "3" });
    expect((await postSum(small, json({ numbers: [1, 2, 3] }))).status).toBe(200);
    const res = await postSum(small, json({ numbers: [1, 2, 3, 4] }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: unknown }).errors).toEqual([{ pointer: "/numbers", detail: expect.stringContaining("3") }]);
  });
});
