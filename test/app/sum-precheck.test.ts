import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCertainSumRequest } from "../../app/routes/sum/sum.precheck.js";
import { createSumRequestSchema } from "../../app/routes/sum/sum.schemas.js";

const MAX = 5;
const schema = createSumRequestSchema(MAX);

/** Parsed JSON bodies around the real shape: wrong types, extra keys, bounds, `__proto__`. */
const bodies = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(null)), { maxLength: 8 }).map((numbers) => JSON.stringify({ numbers })),
  fc.array(fc.constantFrom("1", "-0", "1e999", "0.5", "[]"), { maxLength: 8 }).map((xs) => `{"numbers":[${xs.join(",")}]}`),
  fc.constantFrom('{"numbers":[1],"x":1}', '{"__proto__":{"numbers":[1]}}', '{"numbers":[1],"__proto__":[]}', '{"numbers":[1],"numbers":[2]}'),
);

describe("sum request precheck", () => {
  it("accepts only what the request schema accepts, so it can only skip zod on the success path", () => {
    fc.assert(
      fc.property(bodies, (text) => {
        const value: unknown = JSON.parse(text);
        if (isCertainSumRequest(value, MAX)) expect(schema.safeParse(value).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts the ordinary valid body", () => {
    expect(isCertainSumRequest(JSON.parse('{"numbers":[1e16,1,-1e16]}'), MAX)).toBe(true);
    expect(isCertainSumRequest(JSON.parse('{"numbers":[1,2,3,4,5,6]}'), MAX)).toBe(false);
  });
});
