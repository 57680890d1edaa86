/**
 * Just enough of IAM's resource-policy evaluation to ask "may this AWS service do this":
 * an Allow must match and no Deny may. Conditions are evaluated for the operators and keys a
 * request carries; a condition on anything else is taken as not met, so an unknown condition
 * can only make an Allow fail (the safe direction for a test that proves access).
 */
export interface ServiceRequest {
  readonly service: string;
  readonly action: string;
  readonly resource: string;
  /** Request context keys, e.g. aws:SourceArn. aws:SecureTransport is "true" (AWS services call over TLS). */
  readonly context: Readonly<Record<string, string>>;
}

interface Statement {
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | { Service?: string | string[]; AWS?: string | string[] };
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const glob = (pattern: string, value: string, caseInsensitive = false) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, caseInsensitive ? "i" : "").test(value);

const operators: Record<string, (expected: string, actual: string) => boolean> = {
  StringEquals: (e, a) => e === a,
  StringLike: (e, a) => glob(e, a),
  ArnEquals: (e, a) => e === a,
  ArnLike: (e, a) => glob(e, a),
  Bool: (e, a) => e === a,
};

function conditionsHold(statement: Statement, context: Readonly<Record<string, string>>): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const test = operators[operator];
      const actual = context[key];
      return test !== undefined && actual !== undefined && list(expected).some((e) => test(e, actual));
    }),
  );
}

function applies(statement: Statement, request: ServiceRequest): boolean {
  const principal = statement.Principal;
  const principalMatches = principal === "*" || list(principal?.Service).includes(request.service) || list(principal?.AWS).includes("*");
  return (
    principalMatches &&
    list(statement.Action).some((a) => glob(a, request.action, true)) &&
    list(statement.Resource).some((r) => r === "*" || r === request.resource) &&
    conditionsHold(statement, { "aws:SecureTransport": "true", ...request.context })
  );
}

/** Whether `document` (already resolved, see intrinsicResolver) lets `request` through. */
export function policyAllows(document: { Statement: Statement[] }, request: ServiceRequest): boolean {
  const matching = document.Statement.filter((s) => applies(s, request));
  return matching.some((s) => s.Effect === "Allow") && !matching.some((s) => s.Effect === "Deny");
}
