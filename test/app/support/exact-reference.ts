/**
 * An independent reference for the correctly rounded sum: doubles as exact BigInt rationals
 * (found by doubling until integral, not by reading bits), summed exactly, then the nearest
 * double chosen by exact comparison with its neighbours.
 */
type Rational = { num: bigint; den: bigint };

function toRational(x: number): Rational {
  let den = 1n;
  let scaled = x;
  // Doubling is exact for finite doubles until the value is an integer (at most 1074 steps).
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    den *= 2n;
  }
  return { num: BigInt(scaled), den };
}

const add = (a: Rational, b: Rational): Rational => ({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });
const sub = (a: Rational, b: Rational): Rational => add(a, { num: -b.num, den: b.den });
const abs = (a: Rational): Rational => ({ num: a.num < 0n ? -a.num : a.num, den: a.den });
const compare = (a: Rational, b: Rational) => {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};

export function exactRationalSum(values: readonly number[]): Rational {
  // Every double is a multiple of 2^-1074, so one common denominator keeps the sum cheap.
  const den = 1n << 1074n;
  let num = 0n;
  for (const x of values) {
    const r = toRational(x);
    num += r.num * (den / r.den);
  }
  return { num, den };
}

const MAX = Number.MAX_VALUE;
const nextUp = (x: number) => {
  const view = new DataView(new ArrayBuffer(8));
  if (x === 0) return Number.MIN_VALUE;
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + (x > 0 ? 1n : -1n));
  return view.getFloat64(0);
};
const nextDown = (x: number) => -nextUp(-x);
const isEven = (x: number) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return (view.getUint32(4) & 1) === 0;
};

/** The nearest double to the exact sum, ties to even; ±Infinity when it is beyond the range. */
export function referenceSum(values: readonly number[]): number {
  const exact = exactRationalSum(values);
  // The overflow threshold is MAX + half an ulp of MAX (= 2^1024 - 2^970).
  const threshold = { num: (1n << 1024n) - (1n << 970n), den: 1n };
  if (compare(abs(exact), threshold) >= 0) return exact.num < 0n ? -Infinity : Infinity;
  // A rough guess (within a few ulps), then settle by exact comparison with the neighbours.
  const magnitude = exact.num < 0n ? -exact.num : exact.num;
  const shift = Math.max(0, magnitude.toString(2).length - 64);
  const truncated = Number(magnitude >> BigInt(shift)) * 2 ** (shift - 1074);
  const guess = Math.min(MAX, truncated) * (exact.num < 0n ? -1 : 1);
  let best = guess;
  for (let step = 0; step < 4; step++) {
    for (const candidate of [nextDown(best), nextUp(best)]) {
      if (!Number.isFinite(candidate)) continue;
      const dBest = abs(sub(exact, toRational(best)));
      const dCand = abs(sub(exact, toRational(candidate)));
      const order = compare(dCand, dBest);
      if (order < 0 || (order === 0 && isEven(candidate) && !isEven(best))) best = candidate;
    }
  }
  return best === 0 ? 0 : best;
}
