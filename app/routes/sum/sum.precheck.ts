/**
 * True only for a body the request schema certainly accepts as is: a plain object whose one own
 * key is `numbers`, an array of 1 to `maxNumbers` finite numbers. Anything else goes to the
 * schema, which decides and explains; so this can only skip zod on the success path, never let
 * through what the schema refuses. zod's generic walk (issue arrays, path tracking, a copied
 * output object and array) cost more per request than the sum itself.
 */
export function isCertainSumRequest(value: unknown, maxNumbers: number): value is { numbers: number[] } {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  let keys = 0;
  for (const key in value) {
    if (key !== "numbers") return false;
    keys++;
  }
  if (keys !== 1) return false;
  const numbers = (value as { numbers: unknown }).numbers;
  if (!Array.isArray(numbers) || numbers.length < 1 || numbers.length > maxNumbers) return false;
  for (let i = 0; i < numbers.length; i++) if (!Number.isFinite(numbers[i])) return false;
  return true;
}
