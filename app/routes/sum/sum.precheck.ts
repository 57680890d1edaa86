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

/**
 * The body with every wrong element of `numbers` after the first `keep` replaced by 0, and how
 * many were replaced. The schema then reports the same first issues, in the same order, and the
 * caller adds the replaced ones to the count: zod builds an issue object per wrong element, and
 * 10,000 of them cost tens of milliseconds of blocked event loop for a 40 KB body.
 */
export function hideExcessWrongNumbers(value: unknown, keep: number): { value: unknown; hidden: number } {
  const numbers = (value as { numbers?: unknown } | null)?.numbers;
  if (!Array.isArray(numbers)) return { value, hidden: 0 };
  let wrong = 0;
  let copy: unknown[] | undefined;
  for (let i = 0; i < numbers.length; i++) {
    if (Number.isFinite(numbers[i]) || ++wrong <= keep) continue;
    copy ??= numbers.slice();
    copy[i] = 0;
  }
  return copy ? { value: { ...(value as object), numbers: copy }, hidden: wrong - keep } : { value, hidden: 0 };
}
