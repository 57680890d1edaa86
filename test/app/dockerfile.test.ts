import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseContainerCommand } from "../../bench/container-command.js";

const dockerfile = readFileSync("Dockerfile", "utf8");
const instructions = dockerfile
  .replace(/\\\n\s*/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"));
const stages = instructions.join("\n").split(/^FROM /m).slice(1);
const runtime = stages.at(-1) ?? "";

describe("Dockerfile", () => {
  it("pins every base image to an exact Node 24 version", () => {
    const bases = instructions.filter((line) => line.startsWith("FROM")).map((line) => line.split(/\s+/).find((word) => word.startsWith("node:")));
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases) expect(base).toMatch(/^node:24\.\d+\.\d+-/);
  });

  it("runs the bundle directly with node, as the unprivileged node user, checking health without curl", () => {
    const { nodeArgs, script } = parseContainerCommand(dockerfile);
    expect(script).toBe("dist/server.js");
    for (const flag of nodeArgs) expect(flag).toMatch(/^--[a-z][a-z0-9-]*(=\S+)?$/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/HEALTHCHECK .*CMD \["node", "dist\/healthcheck.js"\]/);
    expect(runtime).not.toMatch(/npm|node_modules|curl/);
  });

  it("copies into the build only what .dockerignore lets through, and each of those exists", () => {
    const allowed = readFileSync(".dockerignore", "utf8")
      .split("\n")
      .filter((line) => line.startsWith("!"))
      .map((line) => line.slice(1).replace(/\/$/, ""));
    const copied = instructions.filter((line) => line.startsWith("COPY ") && !line.includes("--from")).flatMap((line) => line.split(/\s+/).slice(1, -1));
    for (const source of copied) {
      expect(allowed).toContain(source.replace(/\/$/, ""));
      expect(existsSync(source)).toBe(true);
    }
  });
});
