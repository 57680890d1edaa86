import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deliveryScript, runScript } from "./run-script.js";

let repo: string;
let older: string;
let head: string;
const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" }).trim();

/** A main with two commits, plus a commit on another branch. */
beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "deploy-commit-"));
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.email", "ci@example.test");
  git("config", "user.name", "ci");
  git("commit", "--quiet", "--allow-empty", "-m", "one");
  older = git("rev-parse", "HEAD");
  git("commit", "--quiet", "--allow-empty", "-m", "two");
  head = git("rev-parse", "HEAD");
});

async function choose(env: Record<string, string>) {
  const output = join(mkdtempSync(join(tmpdir(), "gh-output-")), "output");
  writeFileSync(output, "");
  const result = await runScript(deliveryScript("choose-deploy-commit.sh"), [], { GITHUB_OUTPUT: output, ...env }, repo);
  return { ...result, output: readFileSync(output, "utf8") };
}

describe("choose-deploy-commit.sh", () => {
  it("ships the commit CI passed while it is main's head", async () => {
    expect(await choose({ CI_COMMIT: head })).toMatchObject({ code: 0, output: `sha=${head}\ndeploy=true\n` });
  });

  it("ships nothing for a CI run that finished after main moved on", async () => {
    const result = await choose({ CI_COMMIT: older });
    expect(result).toMatchObject({ code: 0, output: `sha=${older}\ndeploy=false\n` });
    expect(result.stdout).toContain(`::notice::main has moved on to ${head}`);
  });

  it("ships an older commit of main when a person asked for it (a rollback)", async () => {
    expect(await choose({ REQUESTED_COMMIT: older })).toMatchObject({ code: 0, output: `sha=${older}\ndeploy=true\n` });
  });

  it("refuses a commit that is not on main, or not a full SHA", async () => {
    const elsewhere = await choose({ REQUESTED_COMMIT: "f".repeat(40) });
    expect(elsewhere).toMatchObject({ code: 1, output: "" });
    expect(elsewhere.stdout).toContain("is not on main");
    const short = await choose({ REQUESTED_COMMIT: head.slice(0, 12) });
    expect(short).toMatchObject({ code: 1, output: "" });
    expect(short.stdout).toContain("full 40-character SHA");
  });
});
