import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { dependabotSchema } from "./dependabot-schema.js";
import { githubDir } from "./load-workflows.js";

const config = parse(readFileSync(`${githubDir}dependabot.yml`, "utf8"));
const validate = new Ajv({ allErrors: true }).compile(dependabotSchema);

describe("dependabot.yml", () => {
  it("is a valid version 2 configuration", () => {
    validate(config);
    expect(validate.errors ?? []).toEqual([]);
  });

  it("rejects a misspelt option, so a pass means something", () => {
    const misspelt = { ...config, updates: [{ ...config.updates[0], shedule: config.updates[0].schedule }] };
    expect(validate(misspelt)).toBe(false);
  });

  it("keeps npm packages, pinned actions and the base image up to date", () => {
    const ecosystems = config.updates.map((update: { "package-ecosystem": string; directory: string }) =>
      `${update["package-ecosystem"]} ${update.directory}`);
    expect(ecosystems).toEqual(["npm /", "github-actions /", "docker /"]);
  });
});
