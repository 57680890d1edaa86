import { readdirSync, readFileSync } from "node:fs";

const runbookDir = new URL("../../../docs/runbooks/", import.meta.url);

/** One Logs Insights query a runbook asks on-call to run, with where it came from. */
export interface RunbookQuery {
  readonly runbook: string;
  readonly query: string;
  /** The shell comment above the query in its block, which says what it looks for. @default "" */
  readonly comment: string;
}

/**
 * Every Logs Insights query in the runbooks' fenced shell blocks: the argument of the `insights`
 * helper the runbooks define, and any `--query-string` given to `aws logs start-query` directly.
 */
export function runbookQueries(): RunbookQuery[] {
  return readdirSync(runbookDir)
    .filter((name) => name.endsWith(".md"))
    .flatMap((name) => {
      const text = readFileSync(new URL(name, runbookDir), "utf8");
      const blocks = [...text.matchAll(/```(?:bash|sh)\n([\s\S]*?)```/g)].map((m) => m[1]!);
      return blocks.flatMap((block) =>
        [...block.matchAll(/(?:^|\s)(?:insights|--query-string)\s+'([^']+)'/g)]
          .filter((m) => m[1] !== "<query>")
          .map((m) => {
            const comments = block.slice(0, m.index).match(/^#.*$/gm) ?? [];
            return { runbook: name, query: m[1]!, comment: comments.at(-1) ?? "" };
          }),
      );
    });
}

const KEYWORDS = new Set(["and", "or", "not", "like", "in", "as", "by", "asc", "desc", "true", "false"]);
const COMMANDS = new Set(["fields", "filter", "stats", "sort", "limit", "display", "dedup"]);

/**
 * The log fields a query reads, without Logs Insights' own `@` fields, functions, literals and
 * the aliases the query itself defines (`count() as n` … `sort n`). Throws on a command it does
 * not know, so a new kind of query cannot slip past unchecked.
 */
export function queriedFields(query: string): string[] {
  const fields = new Set<string>();
  const aliases = new Set<string>();
  // Literals go first: a string or a regular expression may hold a pipe.
  const bare = query
    .replace(/"(?:[^"\\]|\\.)*"/g, " ")
    .replace(/\/(?:[^/\\]|\\.)+\/i?/g, " ")
    .replace(/\bbin\(\s*\d+[smhd]\s*\)/g, " ");
  for (const raw of bare.split("|")) {
    const command = raw.trim();
    const [name = ""] = command.split(/\s/, 1);
    if (!COMMANDS.has(name)) throw new Error(`unknown Logs Insights command "${name}" in: ${query}`);
    if (name === "limit") continue;
    const body = command.slice(name.length);
    for (const m of body.matchAll(/\bas\s+([A-Za-z_]\w*)/g)) aliases.add(m[1]!);
    for (const m of body.matchAll(/(@?[A-Za-z_][\w.]*)(\s*\()?/g)) {
      const [, token, call] = m;
      if (call || token!.startsWith("@") || KEYWORDS.has(token!.toLowerCase())) continue;
      fields.add(token!);
    }
  }
  return [...fields].filter((field) => !aliases.has(field));
}

/** The value a query's `filter event = "…"` selects, if any. */
export function filteredEvent(query: string): string | undefined {
  return /\bevent\s*=\s*"([^"]+)"/.exec(query)?.[1];
}
