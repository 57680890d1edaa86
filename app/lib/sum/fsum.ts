import { exactSum } from "./exact-sum.js";

const bitsView = new DataView(new ArrayBuffer(8));

/** Half the gap to the next double away from zero and toward zero, for a normal non-zero `a`. */
function halfGaps(a: number): { up: number; down: number } {
  bitsView.setFloat64(0, a);
  const high = bitsView.getUint32(0);
  const exponent = ((high >>> 20) & 0x7ff) - 1023;
  const up = 2 ** (exponent - 53);
  const isPowerOfTwo = (high & 0xfffff) === 0 && bitsView.getUint32(4) === 0;
  return { up, down: isPowerOfTwo ? up / 2 : up };
}

/**
 * Fast path: an error-free running sum (Neumaier's exact Fast2Sum) whose rounding errors are added up separately,
 * plus Σ|x| to bound what that second, plain sum may have lost. Returns the answer only when the
 * bound proves it is the correctly rounded one; otherwise undefined.
 *
 * The bound: each error e_k of the running sum is at most u·|t_k| ≤ u·(1+γ)·Σ|x|, so every
 * partial sum c_k of the errors is at most n·u·Σ|x|·(1+γ)², and adding them into c loses at most
 * u·Σ|c_k| ≤ n²·u²·Σ|x|·(1+γ)², with u = 2^-53. Doubling it covers the (1+γ) factors and the
 * rounding of the bound itself for any n this service accepts.
 */
function certifiedCompensatedSum(values: readonly number[]): number | undefined {
  const n = values.length;
  // Two elements per turn, the odd one out taken first (exactly, as the starting sum).
  let i = n & 1;
  let s = i === 1 ? values[0]! : 0;
  let c = 0;
  // Two magnitude chains, so neither add waits on the other.
  let absoluteEven = Math.abs(s);
  let absoluteOdd = 0;
  for (; i < n; i += 2) {
    // Fast2Sum from the larger operand (Neumaier): 3 operations instead of TwoSum's 6, and the
    // branch is predictable once the running sum outgrows the inputs, as it does on real data.
    const x = values[i]!;
    const xMagnitude = Math.abs(x);
    absoluteEven += xMagnitude;
    let t = s + x;
    c += Math.abs(s) >= xMagnitude ? s - t + x : x - t + s;
    s = t;
    const y = values[i + 1]!;
    const yMagnitude = Math.abs(y);
    absoluteOdd += yMagnitude;
    t = s + y;
    c += Math.abs(s) >= yMagnitude ? s - t + y : y - t + s;
    s = t;
  }
  const absolute = absoluteEven + absoluteOdd;
  const r = s + c;
  const z = r - s;
  const tail = s - (r - z) + (c - z);
  const bound = n * n * absolute * 2 ** -105;
  const a = Math.abs(r);
  if (!(a >= 2 ** -1000 && a < 2 ** 1020 && Number.isFinite(bound))) return undefined;
  const gaps = halfGaps(a);
  const outward = r > 0 ? tail : -tail;
  return outward + bound < gaps.up && bound - outward < gaps.down ? r : undefined;
}

/**
 * Room for the partials, shared by every call: the sum is synchronous, so no two calls ever use
 * it at once, and a request allocates nothing for it. Real input needs a handful of partials; one
 * built for it (every other power of two) needs ~1,050, one per two bits of the double range, so
 * the room grows when it must and stays grown.
 */
let scratch = new Float64Array(64);

/** Shewchuk's exact partials with the final rounding correction of Python's math.fsum. */
function partialsSum(values: readonly number[]): number {
  let partials = scratch;
  let live = 0;
  for (let x of values) {
    let i = 0;
    for (let j = 0; j < live; j++) {
      let y = partials[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const swap = x;
        x = y;
        y = swap;
      }
      const hi = x + y;
      if (!Number.isFinite(hi)) return exactSum(values);
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    if (i === partials.length) {
      const grown = new Float64Array(partials.length * 2);
      grown.set(partials);
      scratch = partials = grown;
    }
    partials[i++] = x;
    live = i;
  }
  let n = live;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // Halfway case: the remaining partials decide which way the tie goes.
  const next = n > 0 ? partials[n - 1]! : 0;
  if ((lo < 0 && next < 0) || (lo > 0 && next > 0)) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return Number.isFinite(hi) ? hi : exactSum(values);
}

/**
 * The double nearest the exact sum of finite doubles (ties to even), like Python's math.fsum.
 * Returns ±Infinity when that sum is beyond the double range.
 *
 * @example
 * fsum([1e16, 1, -1e16]); // 1, where a plain loop gives 0
 */
export function fsum(values: readonly number[]): number {
  return certifiedCompensatedSum(values) ?? partialsSum(values);
}
