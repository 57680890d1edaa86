/**
 * Evaluates the CloudWatch Logs JSON filter patterns the stacks write (`{ ($.a = "x") && ($.b NOT EXISTS) }`:
 * `=`/`!=`/numeric comparisons, IS TRUE/FALSE/NULL, NOT EXISTS, `&&`/`||` over parenthesised clauses)
 * against a parsed log line, with CloudWatch's rule that a comparison on a field the line lacks never
 * matches, not even `!=` (hence NOT EXISTS). Anything else is refused rather than guessed.
 */
export function matchesFilterPattern(pattern: string, json: Record<string, unknown>): boolean {
  const body = /^\{\s*([\s\S]*?)\s*\}$/.exec(pattern.trim())?.[1];
  if (body === undefined) throw new Error(`not a JSON filter pattern: ${pattern}`);
  return evaluate(body, json);
}

function evaluate(expression: string, json: Record<string, unknown>): boolean {
  const clauses: string[] = [];
  const operators = new Set<string>();
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '"') i = expression.indexOf('"', i + 1);
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && (expression.startsWith("&&", i) || expression.startsWith("||", i))) {
      clauses.push(expression.slice(start, i).trim());
      operators.add(expression.slice(i, i + 2));
      start = i + 2;
      i++;
    }
  }
  clauses.push(expression.slice(start).trim());
  if (operators.size > 1) throw new Error(`mixed && and || without parentheses: ${expression}`);
  const results = clauses.map((clause) => (clause.startsWith("(") && clause.endsWith(")") ? evaluate(clause.slice(1, -1), json) : condition(clause, json)));
  return operators.has("||") ? results.some(Boolean) : results.every(Boolean);
}

function condition(clause: string, json: Record<string, unknown>): boolean {
  const match = /^\$\.([\w.]+)\s+(?:(IS TRUE|IS FALSE|IS NULL|NOT EXISTS)|(=|!=|>=|<=|>|<)\s+("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?))$/.exec(clause);
  if (!match) throw new Error(`unsupported filter clause: ${clause}`);
  const [, path, postfix, operator, literal] = match;
  const present = path!.split(".").reduce<{ found: boolean; value: unknown }>(
    ({ found, value }, key) =>
      found && value !== null && typeof value === "object" && key in value ? { found: true, value: (value as Record<string, unknown>)[key] } : { found: false, value: undefined },
    { found: true, value: json },
  );
  if (postfix === "NOT EXISTS") return !present.found;
  if (!present.found) return false;
  const actual = present.value;
  if (postfix) return { "IS TRUE": actual === true, "IS FALSE": actual === false, "IS NULL": actual === null }[postfix]!;
  const expected: unknown = literal!.startsWith('"') ? JSON.parse(literal!) : Number(literal);
  switch (operator) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
    default: {
      if (typeof actual !== "number") return false;
      const e = expected as number;
      return { ">=": actual >= e, "<=": actual <= e, ">": actual > e, "<": actual < e }[operator!]!;
    }
  }
}
