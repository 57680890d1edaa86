import { describe, expect, it } from "vitest";
import { synthPlatform } from "./support/synth-platform.js";

/** Asset hashes change with every byte of bundled code; the templates around them should not. */
const redactAssetHashes = (json: string) => json.replace(/[0-9a-f]{64}/g, "<asset-hash>");

describe("templates", () => {
  it.each(["dev", "prod"])("match the reviewed %s snapshot", async (envName) => {
    const { stacks, templates } = synthPlatform(envName);
    const byStackName = Object.fromEntries(Object.entries(templates).map(([key, t]) => [stacks[key as keyof typeof stacks].stackName, t.toJSON()]));
    const text = redactAssetHashes(JSON.stringify(byStackName, null, 2));
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    await expect(text + "\n").toMatchFileSnapshot(`__snapshots__/${envName}.templates.json`);
  });
});
