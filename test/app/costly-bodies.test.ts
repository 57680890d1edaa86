import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COSTLY_BYTES, jsonComplexityProblem, type JsonLimits, MAX_JSON_DEPTH, MAX_JSON_MEMBERS } from "../../app/lib/body/json-complexity.js";
import type { Problem } from "../../app/lib/http/problem.js";
import { issuesToErrors } from "../../app/lib/http/validation-problem.js";
import { createSumRequestSchema } from "../../app/routes/sum/sum.schemas.js";
import { postSum, testApp } from "./support/app-fixture.js";

/** `count` distinct three-letter keys, so that 120,000 fit in 1 MiB. */
const unknownKeys = (count: number) => {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const key = (i: number) => [i % 62, Math.floor(i / 62) % 62, Math.floor(i / 3844)].map((n) => letters[n]).join("");
  return Array.from({ length: count }, (_, i) => `"${key(i)}":0`).join(",");
};

async function problemOf(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const problem = (await res.json()) as Required<Problem>;
  expect(problem.status).toBe(res.status);
  return problem;
}

describe("bodies that would be costly to parse or to explain", () => {
  const app = testApp();

  it("refuses 1 MiB of '[' before parsing it, naming the depth limit", async () => {
    const problem = await problemOf(await postSum(app, "[".repeat(1_048_000)));
    expect(problem).toMatchObject({ status: 422, type: "urn:sum-platform:problem:validation-failed" });
    expect(problem.detail).toBe(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
    expect(problem.errors).toEqual([{ pointer: "", detail: problem.detail }]);
  });

  it("refuses 120,000 unknown keys before parsing them, naming the member limit", async () => {
    const body = `{"numbers":[1],${unknownKeys(120_000)}}`;
    expect(body.length).toBeLessThan(1_048_576);
    const problem = await problemOf(await postSum(app, body));
    expect(problem).toMatchObject({ status: 422, detail: `The request body has more than ${MAX_JSON_MEMBERS} object members.` });
  });

  it("refuses 1 MiB of numbers before parsing it, yet explains a list just over MAX_NUMBERS with the schema's pointer", async () => {
    const huge = await problemOf(await postSum(app, `{"numbers":[${"1,".repeat(500_000)}1]}`));
    expect(huge).toMatchObject({ status: 422, detail: "The request body holds more than 20000 values." });
    const over = await problemOf(await postSum(app, JSON.stringify({ numbers: Array(10_001).fill(1) })));
    expect(over.errors).toEqual([{ pointer: "/numbers", detail: expect.stringContaining("10000") }]);
  });

  it("answers exactly as the whole schema would, though it builds only the issues it lists", async () => {
    const small = testApp({ MAX_NUMBERS: "30" });
    const schema = createSumRequestSchema(30);
    const element = fc.oneof(fc.integer(), fc.string({ maxLength: 2 }), fc.constant(null), fc.constant([]));
    const body = fc.record({ numbers: fc.array(element, { maxLength: 70 }) }, { requiredKeys: [] }).chain((base) =>
      fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.integer(), { maxKeys: 3 }), { nil: undefined }).map((extra) => ({ ...extra, ...base })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const whole = schema.safeParse(value);
        fc.pre(!whole.success);
        const expected = issuesToErrors(whole.error!.issues, 20);
        const problem = await problemOf(await postSum(small, JSON.stringify(value)));
        expect(problem.errors).toEqual(expected.errors);
        expect(problem.detail).toMatch(new RegExp(`^${expected.total} problems? in the request body`));
      }),
      { numRuns: 300 },
    );
  });

  it("still explains a few unknown keys one by one", async () => {
    const problem = await problemOf(await postSum(app, JSON.stringify({ numbers: [1], a: 1, b: 2 })));
    expect(problem.errors.map((error) => error.pointer)).toEqual(["/a", "/b"]);
  });

  it("lists 20 of 10,000 wrong elements and counts them all", async () => {
    const problem = await problemOf(await postSum(app, JSON.stringify({ numbers: Array(10_000).fill("x") })));
    expect(problem.errors).toHaveLength(20);
    expect(problem.errors[19]).toEqual({ pointer: "/numbers/19", detail: expect.any(String) });
    expect(problem.detail).toBe("10000 problems in the request body; the first 20 are listed.");
  });

  it("counts brackets and colons inside strings as text, not structure", () => {
    // Padded past COSTLY_BYTES, under which nothing is costly and the schema explains.
    const scan = (text: string, limits?: JsonLimits) => jsonComplexityProblem(Buffer.from(text.padEnd(COSTLY_BYTES)), limits);
    expect(scan(JSON.stringify({ numbers: [1], note: "[{:".repeat(5_000) }))).toBeUndefined();
    expect(scan(`{"a":"\\"${"[".repeat(100)}"}`)).toBeUndefined();
    expect(scan(`${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`)).toBeUndefined();
    expect(scan(`${"[{".repeat(9)}`)).toMatch(/nests deeper/);
    // Siblings are not depth: ten thousand arrays side by side nest two levels.
    expect(scan(`[${"[1],".repeat(10_000)}[1]]`)).toBeUndefined();
    expect(scan(`["${",".repeat(2000)}"]`, { maxValues: 10 })).toBeUndefined();
    expect(scan(`[${"1,".repeat(1000)}1]`, { maxValues: 10 })).toMatch(/more than 10 values/);
    expect(jsonComplexityProblem(Buffer.from("[".repeat(COSTLY_BYTES - 1)))).toBeUndefined();
  });
});

describe("Content-Encoding", () => {
  const app = testApp();
  const body = JSON.stringify({ numbers: [1, 2] });

  it.each(["gzip", "br", "deflate, gzip", "zstd"])("415 naming %s, before reading the body", async (encoding) => {
    const problem = await problemOf(await postSum(app, body, { "content-type": "application/json", "content-encoding": encoding }));
    expect(problem).toMatchObject({ status: 415, type: "urn:sum-platform:problem:unsupported-media-type" });
    expect(problem.detail).toContain(`Content-Encoding ${encoding} is not supported`);
  });

  it("accepts identity, in any case", async () => {
    const res = await postSum(app, body, { "content-type": "application/json", "content-encoding": "Identity" });
    expect(await res.json()).toEqual({ sum: 3, count: 2 });
  });
});
