import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeFailure } from "../../app/gateway/describe-failure.js";
import { DEFAULT_RETRY_BACKOFF, retryDelayMs } from "../../app/gateway/retry-backoff.js";

describe("what a failed secret fetch writes to the log", () => {
  it("keeps a local error's name and message, on one line and short", () => {
    const error = Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:443\n${"x".repeat(500)}`), { name: "TimeoutError" });
    const fields = describeFailure(error);
    expect(fields.errorName).toBe("TimeoutError");
    expect(fields.errorMessage).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:443 x+…$/);
    expect(fields.errorMessage.length).toBeLessThanOrEqual(160);
  });

  it("replaces the message of anything built from an answer by the status, and keeps AWS's request id", () => {
    const answered = Object.assign(new Error("User: arn:aws:sts::123456789012:assumed-role/x is not authorized"), {
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 400, requestId: "6b1e0d2c-0000-4000-8000-000000000000" },
    });
    expect(describeFailure(answered)).toEqual({
      errorName: "AccessDeniedException",
      errorMessage: "Secrets Manager answered HTTP 400",
      httpStatusCode: 400,
      awsRequestId: "6b1e0d2c-0000-4000-8000-000000000000",
    });
    expect(describeFailure(new SyntaxError('Unexpected token, "secret-ish" is not valid JSON')).errorMessage).toBe("Secrets Manager answered with an unreadable response");
  });

  it("names anything that is not a plain error code 'Error'", () => {
    expect(describeFailure(Object.assign(new Error("m"), { name: "text with spaces, from a body" })).errorName).toBe("Error");
    expect(describeFailure("a string").errorName).toBe("Error");
  });
});

describe("the wait before the next attempt", () => {
  it("doubles from the first wait up to the cap, jittered between half and all of it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, jitter) => {
        const { initialMs, maxMs } = DEFAULT_RETRY_BACKOFF;
        const ceiling = Math.min(maxMs, initialMs * 2 ** (failures - 1));
        const wait = retryDelayMs(failures, { ...DEFAULT_RETRY_BACKOFF, random: () => jitter });
        expect(wait).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(wait).toBeLessThanOrEqual(ceiling);
      }),
    );
  });
});
