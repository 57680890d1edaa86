import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactSum } from "../../app/lib/sum/exact-sum.js";
import { fsum } from "../../app/lib/sum/fsum.js";
import { referenceSum } from "./support/exact-reference.js";

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

describe("fsum", () => {
  it.each([
    { xs: [1e16, 1, -1e16], sum: 1 },
    { xs: [0.1, 0.2, 0.3], sum: 0.6 },
    { xs: Array(10).fill(0.1), sum: 1 },
    { xs: [1e308, 1e308, -1e308], sum: 1e308 },
    { xs: [5e-324, 5e-324], sum: 1e-323 },
    { xs: [2 ** 53, 1, 2 ** -60], sum: 2 ** 53 + 2 },
    { xs: [2 ** 53, 1], sum: 2 ** 53 },
    { xs: [1, -1], sum: 0 },
  ])("sums $xs to $sum", ({ xs, sum }) => {
    expect(fsum(xs)).toBe(sum);
  });

  it("reports a sum beyond the double range as Infinity, of the right sign", () => {
    expect(fsum([Number.MAX_VALUE, Number.MAX_VALUE])).toBe(Infinity);
    expect(fsum([-Number.MAX_VALUE, -1e292])).toBe(-Infinity);
    // Exactly at MAX + half an ulp the tie goes to the even neighbour, which is 2^1024: overflow.
    expect(fsum([Number.MAX_VALUE, 2 ** 970])).toBe(Infinity);
    expect(fsum([Number.MAX_VALUE, 2 ** 970, -(2 ** -1074)])).toBe(Number.MAX_VALUE);
  });

  it("matches the exact reference on arbitrary doubles", () => {
    fc.assert(fc.property(fc.array(finite, { maxLength: 40 }), (xs) => fsum(xs) === referenceSum(xs)), {
      numRuns: 400,
    });
  });

  it("matches the exact reference under heavy cancellation", () => {
    // Values and their exact negations, plus small noise, in a shuffled order.
    const cancelling = fc
      .tuple(fc.array(finite, { minLength: 1, maxLength: 20 }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { maxLength: 5 }))
      .chain(([big, noise]) => fc.shuffledSubarray([...big, ...big.map((x) => -x), ...noise], { minLength: big.length * 2 + noise.length }));
    fc.assert(fc.property(cancelling, (xs) => fsum(xs) === referenceSum(xs)), { numRuns: 300 });
  });

  it("matches the exact reference on mixed magnitudes", () => {
    const mixed = fc.array(
      fc.tuple(fc.double({ min: 1, max: 2, noNaN: true }), fc.integer({ min: -1074, max: 1023 }), fc.boolean()).map(
        ([m, e, negative]) => (negative ? -1 : 1) * m * 2 ** e,
      ),
      { maxLength: 60 },
    );
    fc.assert(fc.property(mixed.filter((xs) => xs.every(Number.isFinite)), (xs) => fsum(xs) === referenceSum(xs)), {
      numRuns: 300,
    });
  });

  it("takes the fast path's answer only when it is the correctly rounded one", () => {
    // Many similar values: the compensated fast path answers; the reference must agree.
    const similar = fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 100, maxLength: 2000 });
    fc.assert(fc.property(similar, (xs) => fsum(xs) === referenceSum(xs)), { numRuns: 30 });
  });

  it("keeps hundreds of partials exact, and stays exact on later calls", () => {
    // Every other power of two below 2^-76: no two can merge into one partial. The large pair that
    // cancels leaves the fast path unable to certify its answer, so the partials decide it.
    const sparse = Array.from({ length: 500 }, (_, k) => 2 ** (-1074 + 2 * k));
    const cancelled = [2 ** 50, ...sparse, -(2 ** 50)];
    const shuffled = fc.sample(fc.shuffledSubarray(cancelled, { minLength: cancelled.length }), { numRuns: 3, seed: 7 });
    for (const xs of [cancelled, ...shuffled, [1e16, 1, -1e16], [0.1, 0.2, 0.3]]) expect(fsum(xs)).toBe(referenceSum(xs));
  });

  it("has an overflow-proof exact path that agrees with the reference", () => {
    fc.assert(fc.property(fc.array(finite, { maxLength: 30 }), (xs) => Object.is(exactSum(xs) || 0, referenceSum(xs) || 0)));
  });
});
