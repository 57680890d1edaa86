const view = new DataView(new ArrayBuffer(8));
/** Every finite double is an integer multiple of 2^-1074, the smallest subnormal. */
const UNIT_EXPONENT = -1074;

function toUnits(x: number): bigint {
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const biasedExponent = (high >>> 20) & 0x7ff;
  const mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  const magnitude =
    biasedExponent === 0 ? mantissa : (mantissa | (1n << 52n)) << BigInt(biasedExponent - 1);
  return high >>> 31 === 1 ? -magnitude : magnitude;
}

/** Rounds an integer count of 2^-1074 units to the nearest double, ties to even. */
function unitsToDouble(units: bigint): number {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const bits = magnitude.toString(2).length;
  // Keep 64 significant bits plus a sticky bit, so Number() rounds exactly as the full value would.
  const shift = Math.max(0, bits - 64);
  let top = magnitude >> BigInt(shift);
  if (shift > 0 && (magnitude & ((1n << BigInt(shift)) - 1n)) !== 0n) top |= 1n;
  // Scaling by a power of two is exact here: the result is normal whenever top exceeds 53 bits.
  const value = Number(top) * 2 ** (shift + UNIT_EXPONENT);
  return negative ? -value : value;
}

/**
 * The exact sum of finite doubles in integer arithmetic, rounded once.
 * Slow (big integers) but immune to intermediate overflow; ±Infinity means the sum is out of range.
 */
export function exactSum(values: readonly number[]): number {
  let units = 0n;
  for (const x of values) if (x !== 0) units += toUnits(x);
  return unitsToDouble(units);
}
