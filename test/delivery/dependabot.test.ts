import { readdirSync, readFileSync } from "node:fs";
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

  it("keeps npm packages, pinned actions, the base image, the workflows' decK and the local Kong up to date", () => {
    const ecosystems = config.updates.map((update: { "package-ecosystem": string; directory?: string; directories?: string[] }) =>
      `${update["package-ecosystem"]} ${[update.directory ?? update.directories].flat().join(",")}`);
    expect(ecosystems).toEqual(["npm /", "github-actions /", "docker /,/.github/images/*", "docker-compose /"]);
  });

  it("covers every image the workflows run, each pinned by tag and digest in a Dockerfile of its own", () => {
    const dirs = readdirSync(`${githubDir}images`);
    expect(dirs.sort()).toEqual(["deck"]);
    for (const dir of dirs) {
      const from = readFileSync(`${githubDir}images/${dir}/Dockerfile`, "utf8").match(/^FROM .*$/gm);
      expect([dir, from]).toEqual([dir, [expect.stringMatching(/^FROM [\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$/)]]);
    }
  });
});
