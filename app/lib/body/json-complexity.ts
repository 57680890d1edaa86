/** Deeper than any body this service accepts (POST /sum nests two levels), far short of costly. */
export const MAX_JSON_DEPTH = 16;
/** Object members across the whole body; a valid POST /sum body has one. */
export const MAX_JSON_MEMBERS = 1000;

/** What a body may hold before it is refused unparsed. */
export type JsonLimits = {
  /** @default MAX_JSON_DEPTH */
  readonly maxDepth?: number;
  /** @default MAX_JSON_MEMBERS */
  readonly maxMembers?: number;
  /** Array elements and object members together, as separated by commas. @default unbounded */
  readonly maxValues?: number;
};

/**
 * Smaller bodies are parsed in microseconds whatever they hold, and the schema explains them
 * better; checking them cost a few percent of a small request.
 */
export const COSTLY_BYTES = 1024;

const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const COLON = 0x3a;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Why a JSON body is too costly to parse, or undefined. JSON.parse builds whatever it is given:
 * 1 MiB of `[` is a million nested arrays, 120,000 keys an object in dictionary mode, and 1 MiB
 * of `1,` an array of half a million elements in the old generation; each is tens to hundreds of
 * milliseconds of blocked event loop, or megabytes that a burst of them piles up, before
 * validation could refuse them. Cheap counts prove most bodies harmless (Buffer#indexOf is a
 * native memchr, and a body shorter than 2 x maxValues bytes cannot hold more values); only the
 * rest is walked, outside strings, stopping at the first excess.
 */
export function jsonComplexityProblem(bytes: Buffer, limits: JsonLimits = {}): string | undefined {
  const { maxDepth = MAX_JSON_DEPTH, maxMembers = MAX_JSON_MEMBERS, maxValues = Number.POSITIVE_INFINITY } = limits;
  if (bytes.length < COSTLY_BYTES) return undefined;
  const mayNest = countUpTo(bytes, OPEN_ARRAY, maxDepth) + countUpTo(bytes, OPEN_OBJECT, maxDepth) > maxDepth;
  const mayHaveMembers = countUpTo(bytes, COLON, maxMembers) > maxMembers;
  const mayHaveValues = bytes.length >= 2 * maxValues && countCommas(bytes) >= maxValues;
  if (!mayNest && !mayHaveMembers && !mayHaveValues) return undefined;
  let depth = 0;
  let members = 0;
  let commas = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === COMMA) {
      if (++commas >= maxValues) return `The request body holds more than ${maxValues} values.`;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
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

/** Commas anywhere, strings included: an upper bound. A plain loop beats indexOf on dense bytes. */
function countCommas(bytes: Buffer): number {
  let count = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === COMMA) count++;
  return count;
}
