/** Deeper than any body this service accepts (POST /sum nests two levels), far short of costly. */
export const MAX_JSON_DEPTH = 16;
/** Object members across the whole body; a valid POST /sum body has one. */
export const MAX_JSON_MEMBERS = 1000;

const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const COLON = 0x3a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Why a JSON body is too costly to parse, or undefined. JSON.parse builds whatever it is given:
 * 1 MiB of `[` is a million nested arrays and 120,000 keys an object in dictionary mode, each
 * hundreds of milliseconds of blocked event loop before validation could refuse them. Counting
 * with Buffer#indexOf (native, a memchr) proves most bodies harmless without a JavaScript loop
 * over their bytes; only a body with many brackets or colons is walked, outside strings, and the
 * walk stops at the first excess.
 */
export function jsonComplexityProblem(bytes: Buffer, maxDepth = MAX_JSON_DEPTH, maxMembers = MAX_JSON_MEMBERS): string | undefined {
  const mayNest = countUpTo(bytes, OPEN_ARRAY, maxDepth) + countUpTo(bytes, OPEN_OBJECT, maxDepth) > maxDepth;
  if (!mayNest && countUpTo(bytes, COLON, maxMembers) <= maxMembers) return undefined;
  let depth = 0;
  let members = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > maxDepth) return `The request body nests deeper than ${maxDepth} levels.`;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) depth--;
    else if (byte === COLON && ++members > maxMembers) return `The request body has more than ${maxMembers} object members.`;
  }
  return undefined;
}

/** How often `byte` occurs, counting no further than one past `limit`. */
function countUpTo(bytes: Buffer, byte: number, limit: number): number {
  let count = 0;
  for (let at = bytes.indexOf(byte); at !== -1 && count <= limit; at = bytes.indexOf(byte, at + 1)) count++;
  return count;
}
