/**
 * Evaluates, for one datapoint, the CloudWatch metric math the alarms use: numbers, query ids,
 * `+ - * /`, comparisons (1 or 0), `IF(cond, a, b)` and `FILL(id, value)`. A missing datapoint is
 * `undefined`, and as in CloudWatch arithmetic on it gives no datapoint unless FILL supplies one.
 * Anything else is refused rather than guessed.
 */
export function evaluateMetricMath(expression: string, values: Record<string, number | undefined>): number | undefined {
  const tokens = expression.match(/\d+(?:\.\d+)?|[A-Za-z_]\w*|>=|<=|==|!=|[-+*/(),<>]/g) ?? [];
  if (tokens.join("") !== expression.replace(/\s+/g, "")) throw new Error(`unsupported metric math: ${expression}`);
  let at = 0;
  const next = () => tokens[at++];
  const expect = (token: string) => {
    if (next() !== token) throw new Error(`expected ${token} in ${expression}`);
  };
  type V = number | undefined;
  const arith = (a: V, b: V, f: (x: number, y: number) => number): V => (a === undefined || b === undefined ? undefined : f(a, b));
  const primary = (): V => {
    const token = next()!;
    if (token === "(") {
      const inner = comparison();
      expect(")");
      return inner;
    }
    if (/^\d/.test(token)) return Number(token);
    if (token === "IF" || token === "FILL") {
      expect("(");
      const args = [comparison()];
      while (tokens[at] === ",") {
        next();
        args.push(comparison());
      }
      expect(")");
      if (token === "FILL") return args[0] ?? args[1];
      return args[0] === undefined ? undefined : args[0] !== 0 ? args[1] : args[2];
    }
    if (/^[a-z]\w*$/.test(token)) {
      if (!(token in values)) throw new Error(`no query ${token} in ${expression}`);
      return values[token];
    }
    throw new Error(`unsupported token ${token} in ${expression}`);
  };
  const term = (): V => {
    let value = primary();
    while (tokens[at] === "*" || tokens[at] === "/") value = next() === "*" ? arith(value, primary(), (x, y) => x * y) : arith(value, primary(), (x, y) => x / y);
    return value;
  };
  const sum = (): V => {
    let value = term();
    while (tokens[at] === "+" || tokens[at] === "-") value = next() === "+" ? arith(value, term(), (x, y) => x + y) : arith(value, term(), (x, y) => x - y);
    return value;
  };
  const comparisons: Record<string, (x: number, y: number) => boolean> = { ">": (x, y) => x > y, ">=": (x, y) => x >= y, "<": (x, y) => x < y, "<=": (x, y) => x <= y };
  const comparison = (): V => {
    const left = sum();
    const op = tokens[at];
    if (op === undefined || !(op in comparisons)) return left;
    next();
    return arith(left, sum(), (x, y) => (comparisons[op]!(x, y) ? 1 : 0));
  };
  const result = comparison();
  if (at !== tokens.length) throw new Error(`unexpected ${tokens[at]} in ${expression}`);
  return result;
}
