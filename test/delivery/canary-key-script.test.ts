import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { deliveryScript, fakeBinDir, runScript } from "./run-script.js";

const KEY = "smokeKeyFromGithubEnvironment-0123456789";
const script = deliveryScript("put-canary-key.sh");
let dir: string;
let env: Record<string, string>;

const awsCalls = () => (existsSync(join(dir, "aws.log")) ? readFileSync(join(dir, "aws.log"), "utf8") : "");
const stored = () => (existsSync(join(dir, "put")) ? readFileSync(join(dir, "put"), "utf8") : undefined);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "canary-key-"));
  env = {
    PATH: `${fakeBinDir}:${process.env.PATH ?? ""}`,
    TMPDIR: dir,
    FAKE_AWS_LOG: join(dir, "aws.log"),
    FAKE_PUT_SECRET: join(dir, "put"),
    SMOKE_TEST_API_KEY: KEY,
  };
});

describe("put-canary-key.sh", () => {
  it("writes the key into the environment's canary secret when it holds something else, through a private file", async () => {
    const result = await runScript(script, ["dev"], { ...env, FAKE_CANARY_KEY: "random-placeholder-from-the-stack" });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(stored()).toBe(KEY);
    expect(readFileSync(join(dir, "put.mode"), "utf8").trim()).toBe("600");
    expect(awsCalls()).toMatch(/^secretsmanager get-secret-value --secret-id sum-platform\/dev\/smoke-test-api-key .*\nsecretsmanager put-secret-value --secret-id sum-platform\/dev\/smoke-test-api-key --secret-string file:\/\//);
    expect(result.stdout).toContain("new version");
  });

  it("writes nothing when the secret already holds the key", async () => {
    const result = await runScript(script, ["prod"], { ...env, FAKE_CANARY_KEY: KEY });
    expect(result.code).toBe(0);
    expect(stored()).toBeUndefined();
    expect(awsCalls()).not.toContain("put-secret-value");
    expect(awsCalls()).toContain("--secret-id sum-platform/prod/smoke-test-api-key");
    expect(result.stdout).toContain("already holds");
  });

  it("never puts the key on a command line or in its output, only in the mask command of a workflow run", async () => {
    const local = await runScript(script, ["dev"], { ...env, FAKE_CANARY_KEY: "old" });
    const inWorkflow = await runScript(script, ["dev"], { ...env, FAKE_CANARY_KEY: "old", GITHUB_ACTIONS: "true" });
    expect(awsCalls()).not.toContain(KEY);
    expect(`${local.stdout}${local.stderr}`).not.toContain(KEY);
    expect(inWorkflow.stdout.split("\n").filter((line) => line.includes(KEY))).toEqual([`::add-mask::${KEY}`]);
    expect(inWorkflow.stdout.indexOf("::add-mask::")).toBe(0);
  });

  it("removes the file that held the key", async () => {
    await runScript(script, ["dev"], { ...env, FAKE_CANARY_KEY: "old" });
    const file = /file:\/\/(\S+)/.exec(awsCalls())![1]!;
    expect(file.startsWith(dir)).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it.each([
    ["an empty key", { SMOKE_TEST_API_KEY: "" }, ["dev"], /SMOKE_TEST_API_KEY is empty/],
    ["a key of several lines", { SMOKE_TEST_API_KEY: "a\nb" }, ["dev"], /more than one line/],
    ["an environment name that is not one", {}, ["dev/../prod"], /invalid environment name/],
  ])("refuses %s before calling AWS", async (_case, extra, args, message) => {
    const result = await runScript(script, args, { ...env, FAKE_CANARY_KEY: "old", ...extra });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(awsCalls()).toBe("");
  });

  it("fails, writing nothing, when the secret cannot be read", async () => {
    const result = await runScript(script, ["dev"], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("AccessDeniedException");
    expect(stored()).toBeUndefined();
    expect(awsCalls()).not.toContain("put-secret-value");
  });
});
