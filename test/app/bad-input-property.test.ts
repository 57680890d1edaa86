import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { postSum, testApp } from "./support/app-fixture.js";

const contentTypes = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "", "application/problem+json");

/** Bodies from plain garbage to near-misses of the real shape. */
const bodies = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc.jsonValue().map((numbers) => JSON.stringify({ numbers })),
  fc.array(fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(null)), { maxLength: 30 }).map((numbers) => JSON.stringify({ numbers })),
  fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 30 }).map((numbers) => `{"numbers":[${numbers.map((n) => (Object.is(n, -0) ? "-0" : String(n))).join(",")}]}`),
  fc.array(fc.constantFrom("1e308", "-1e308", "1e999", "-0", "0.1", "5e-324", "NaN", "Infinity"), { minLength: 1, maxLength: 30 }).map((xs) => `{"numbers":[${xs.join(",")}]}`),
);

describe("bad input", () => {
  const app = testApp({ MAX_NUMBERS: "20", BODY_LIMIT_BYTES: "4096" });

  it("never yields a 5xx, and every error is a problem document", async () => {
    await fc.assert(
      fc.asyncProperty(bodies, contentTypes, async (body, contentType) => {
        const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
        const res = await postSum(app, body, headers);
        expect(res.status).toBeLessThan(500);
        if (res.status !== 200) {
          expect(res.headers.get("content-type")).toBe("application/problem+json");
          expect(await res.json()).toMatchObject({ status: res.status });
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never yields a 5xx for odd methods and paths", async () => {
    const methods = fc.constantFrom("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "POST", "HEAD");
    const paths = fc.webPath().map((p) => (p.startsWith("/") ? p : `/${p}`));
    await fc.assert(
      fc.asyncProperty(methods, paths, async (method, path) => {
        const res = await app.request(path, { method });
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
