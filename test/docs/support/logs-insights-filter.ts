import type { ServiceLogLine } from "./service-log-lines.js";

type Compare = (actual: unknown) => boolean;

/** Reads `field` the way Logs Insights does: `@message` is the raw line, dotted names reach into JSON. */
function fieldOf(line: ServiceLogLine, field: string): unknown {
  if (field === "@message") return line.message;
  return field.split(".").reduce<unknown>((value, key) => (value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), line.json);
}

function comparison(operator: string, literal: string): Compare {
  // A runbook placeholder such as "<request-id>" stands for any value.
  if (/^"<[^>]+>"$/.test(literal)) return (actual) => actual !== undefined;
  if (operator === "like") {
    const [, pattern, flags] = /^\/(.+)\/(i?)$/.exec(literal) ?? [];
    if (pattern === undefined) throw new Error(`unsupported like operand ${literal}`);
    const re = new RegExp(pattern, flags);
    return (actual) => typeof actual === "string" && re.test(actual);
  }
  if (!/^("(?:[^"\\]|\\.)*"|-?\d+(\.\d+)?)$/.test(literal)) throw new Error(`unsupported operand ${literal}`);
  const expected: unknown = literal.startsWith('"') ? JSON.parse(literal) : Number(literal);
  const compare: Record<string, Compare> = {
    "=": (a) => a === expected,
    "!=": (a) => a !== undefined && a !== expected,
    ">=": (a) => typeof a === "number" && a >= (expected as number),
    "<=": (a) => typeof a === "number" && a <= (expected as number),
    ">": (a) => typeof a === "number" && a > (expected as number),
    "<": (a) => typeof a === "number" && a < (expected as number),
  };
  const found = compare[operator];
  if (!found) throw new Error(`unsupported operator ${operator}`);
  return found;
}

/**
 * Whether the query's `filter` commands keep `line`: terms `field op value` joined by `and`, the
 * only shape the runbooks use. Anything else throws, so it is never silently taken as a match.
 */
export function selects(query: string, line: ServiceLogLine): boolean {
  // Set literals aside first: a string or a regular expression may hold a pipe.
  const literals: string[] = [];
  const bare = query.replace(/"(?:[^"\\]|\\.)*"|\/(?:[^/\\]|\\.)+\/i?/g, (literal) => `\u{E000}${literals.push(literal) - 1}\u{E000}`);
  const restore = (text: string) => text.replace(/\u{E000}(\d+)\u{E000}/gu, (_, i: string) => literals[Number(i)]!);
  const filters = bare
    .split("|")
    .map((command) => command.trim())
    .filter((command) => command.startsWith("filter "));
  return filters.every((filter) =>
    filter
      .slice("filter ".length)
      .split(/\s+and\s+/)
      .every((term) => {
        const parsed = /^(@?[\w.]+)\s*(>=|<=|!=|=|>|<|like)\s*(.+)$/.exec(restore(term.trim()));
        if (!parsed) throw new Error(`unsupported filter term "${term}" in: ${query}`);
        const [, field, operator, literal] = parsed;
        return comparison(operator!, literal!.trim())(fieldOf(line, field!));
      }),
  );
}
