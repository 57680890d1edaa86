import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const runbookDir = new URL("../../docs/runbooks/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, runbookDir), "utf8");
const shellOf = (markdown: string) => [...markdown.matchAll(/```(?:bash|sh)\n([\s\S]*?)```/g)].map((m) => m[1]!).join("\n");

/** Shell variables and functions a block defines: assignments, `for x in`, `read x`, `f() {`. */
const definedBy = (shell: string) =>
  new Set(
    [
      ...shell.matchAll(/(?:^|[\s;(])(?:export\s+)?([A-Za-z_]\w*)=/gm),
      ...shell.matchAll(/\bfor\s+([A-Za-z_]\w*)\s+in\b/g),
      ...shell.matchAll(/\bread\s+(?:-\w+\s+)*([A-Za-z_]\w*)/g),
      ...shell.matchAll(/^\s*([A-Za-z_]\w*)\s*\(\)\s*\{/gm),
    ].map((m) => m[1]!),
  );
/** Variables a block expands, outside single quotes; `${X:?message}` guards itself and is left out. */
const expandedBy = (shell: string) =>
  new Set([...shell.replace(/'[^']*'/g, "''").matchAll(/\$\{?([A-Za-z_]\w*)(?![\w:])/g)].map((m) => m[1]!));

/** What a runbook's commands expand that neither they nor the shared setup define. */
const undefinedIn = (runbookShell: string, setupShell: string) => {
  const defined = new Set([...definedBy(setupShell), ...definedBy(runbookShell)]);
  return [...expandedBy(runbookShell)].filter((name) => !defined.has(name));
};

const setup = shellOf(read("README.md"));
const runbooks = readdirSync(runbookDir).filter((name) => name.endsWith(".md") && name !== "README.md");

describe("the runbooks' shared setup", () => {
  it("defines everything the runbooks' commands use, the insights helper included", () => {
    expect(runbooks.length).toBeGreaterThanOrEqual(13);
    const missing = runbooks.flatMap((name) => undefinedIn(shellOf(read(name)), setup).map((variable) => `${name}: $${variable}`));
    expect(missing).toEqual([]);
    expect(definedBy(setup)).toContain("insights");
  });

  it.each(runbooks)("is where %s sends the reader, instead of a copy of its own", (name) => {
    const text = read(name);
    expect(text).toContain("](README.md#setup)");
    expect(text).not.toContain("# Setup:");
  });

  it("would catch a variable nobody sets, and not one set or guarded", () => {
    expect(undefinedIn('aws ecs list-tasks --cluster "$CLUSTER" --family "$FAMILY"', "CLUSTER=x")).toEqual(["FAMILY"]);
    expect(undefinedIn('for t in a b; do echo "$t ${URL:?set URL}"; done; echo \'$literal\'', "")).toEqual([]);
  });
});
