import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stepIndex, stepsOf, workflow } from "./load-workflows.js";

const bench = workflow("bench.yml");
const job = bench.jobs.bench!;

describe("bench workflow", () => {
  it("runs weekly and on demand, never as a pull-request gate that noise could trip", () => {
    expect(Object.keys(bench.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
  });

  it("measures on the Node major the container image runs", () => {
    const imageNode = /^FROM node:(\d+)\./m.exec(readFileSync("Dockerfile", "utf8"))![1];
    const setupNode = stepsOf(job).find((step) => step.uses?.startsWith("actions/setup-node@"))!;
    expect(String(setupNode.with?.["node-version"])).toBe(imageNode);
  });

  it("installs from the lockfile, then fails the run when the bench misses a target", () => {
    const install = stepIndex(job, "npm ci");
    expect(install).toBeGreaterThan(0);
    expect(stepIndex(job, "npm run bench -- --check")).toBeGreaterThan(install);
  });

  it("is bounded in time and never runs two at once, so runs do not skew each other", () => {
    expect(job["timeout-minutes"]).toBeLessThanOrEqual(15);
    expect(bench).toMatchObject({ concurrency: { group: "bench", "cancel-in-progress": false } });
  });
});
