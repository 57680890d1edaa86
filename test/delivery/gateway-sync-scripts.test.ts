import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { deliveryScript, fakeBinDir, runScript } from "./run-script.js";

const SHA = "0123456789abcdef0123456789abcdef01234567";
let dir: string;
let env: Record<string, string>;
const read = (name: string) => readFileSync(join(dir, name), "utf8");

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "gateway-sync-"));
  env = {
    PATH: `${fakeBinDir}:${process.env.PATH ?? ""}`,
    FAKE_AWS_LOG: join(dir, "aws.log"),
    FAKE_DOCKER_LOG: join(dir, "docker.log"),
  };
});

describe("gateway-config-commit.sh", () => {
  const run = (...args: string[]) => runScript(deliveryScript("gateway-config-commit.sh"), args, env);

  it("reads the commit an environment's gateway runs from its SSM parameter", async () => {
    env.FAKE_PARAMETER = SHA;
    expect(await run("get", "prod")).toMatchObject({ code: 0, stdout: `${SHA}\n` });
    expect(read("aws.log")).toBe("ssm get-parameter --name /sum-platform/prod/gateway-config-commit --query Parameter.Value --output text\n");
  });

  it("records a commit after a sync, and only a full commit SHA", async () => {
    const result = await run("put", "dev", SHA);
    expect(result).toMatchObject({ code: 0, stdout: `dev runs the gateway config of ${SHA}\n` });
    expect(read("aws.log")).toBe(`ssm put-parameter --name /sum-platform/dev/gateway-config-commit --type String --overwrite --value ${SHA}\n`);
    const short = await run("put", "dev", "abc123");
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain("full 40-character SHA");
  });

  it("says which deploy to run when nothing was recorded yet", async () => {
    const result = await run("get", "dev");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("no gateway config recorded for dev (/sum-platform/dev/gateway-config-commit): run Deploy for dev first");
  });

  it("refuses a parameter that does not hold a commit, and a malformed environment", async () => {
    env.FAKE_PARAMETER = "main";
    expect((await run("get", "dev")).stderr).toContain("holds 'main', not a commit SHA");
    expect((await run("get", "dev;ls")).stderr).toContain("invalid environment name");
    expect((await run("delete", "dev")).code).not.toBe(0);
  });
});

describe("check-gateway-removals.sh", () => {
  const report = (deleting: { kind: string; name: string }[], errors: string[] = []) => ({
    changes: { creating: [], updating: [{ kind: "plugin", name: "rate-limiting" }], deleting },
    summary: { creating: 0, updating: 1, deleting: deleting.length, total: deleting.length + 1 },
    warnings: [],
    errors,
  });
  async function check(content: unknown, allow?: string) {
    writeFileSync(join(dir, "diff.json"), typeof content === "string" ? content : `${JSON.stringify(content, null, "\t")}\n`);
    return runScript(deliveryScript("check-gateway-removals.sh"), [join(dir, "diff.json")], {
      ...env,
      ...(allow !== undefined && { ALLOW_CONSUMER_REMOVAL: allow }),
    });
  }

  it("lets a sync through that removes no consumer", async () => {
    const result = await check(report([{ kind: "route", name: "old-route" }]));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("updating plugin rate-limiting\ndeleting route old-route\n");
    expect(result.stdout).toContain("ok: creating 0, updating 1, deleting 1; no consumer, group, membership or key is removed");
  });

  it.each([
    ["consumer", "acme"],
    ["consumer-group-consumer", "acme"],
    ["consumer-group", "pro"],
    ["key-auth", "acme-key"],
  ])("refuses a sync that removes a %s", async (kind, name) => {
    const result = await check(report([{ kind, name }]));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`removes ${kind} ${name}`);
    expect(result.stdout).toContain("::error::This sync would remove 1 consumer entities");
  });

  it("lets the removal through, still listing it, when the run allowed it", async () => {
    const result = await check(report([{ kind: "consumer", name: "acme" }]), "true");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/removes consumer acme[\s\S]*::warning::/);
    expect((await check(report([{ kind: "consumer", name: "acme" }]), "yes")).code).toBe(1);
  });

  it("reads the report after any lines decK printed before it", async () => {
    const text = `some banner\n${JSON.stringify(report([{ kind: "consumer", name: "acme" }]), null, "\t")}\n`;
    expect((await check(text)).code).toBe(1);
  });

  it("fails when decK reported errors, which it does with exit status 0", async () => {
    const result = await check(report([], ["reading configuration: 401 Unauthorized"]));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("401 Unauthorized");
  });

  it("fails on anything that is not a decK report", async () => {
    for (const content of ["", "Error: unknown flag: --json-output\n", '{"summary": {}}']) {
      const result = await check(content);
      expect([content, result.code]).toEqual([content, 1]);
      expect(result.stderr).toContain("holds no decK --json-output report");
    }
  });
});

describe("deck.sh", () => {
  it("runs the digest-pinned decK image, passing DECK_* variables by name only", async () => {
    const dockerfile = readFileSync(new URL("../../.github/images/deck/Dockerfile", import.meta.url), "utf8");
    const image = /^FROM (\S+)$/m.exec(dockerfile)![1]!;
    const result = await runScript(deliveryScript("deck.sh"), ["gateway", "diff", "kong/kong.yaml"], {
      ...env,
      DECK_KONNECT_TOKEN: "spat_secret_value",
      OTHER_SECRET: "not-for-deck",
    });
    expect(result.code).toBe(0);
    const call = read("docker.log");
    expect(call).toMatch(new RegExp(`^run --rm .*--env DECK_KONNECT_TOKEN ${image.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} gateway diff kong/kong.yaml\\n$`));
    expect(image).toMatch(/^kong\/deck:v[\d.]+@sha256:[0-9a-f]{64}$/);
    expect(call).not.toContain("spat_secret_value");
    expect(call).not.toContain("OTHER_SECRET");
  });

  it("returns decK's own exit status, so --non-zero-exit-code's 2 reaches the step", async () => {
    const result = await runScript(deliveryScript("deck.sh"), ["gateway", "diff", "--non-zero-exit-code"], { ...env, FAKE_DOCKER_EXIT: "2" });
    expect(result.code).toBe(2);
  });
});
