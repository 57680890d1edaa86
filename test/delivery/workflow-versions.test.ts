import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allJobs, githubDir, stepsOf, workflow } from "./load-workflows.js";

const imageNode = /^FROM node:(\d+)\./m.exec(readFileSync("Dockerfile", "utf8"))![1]!;
const nodeVersions = (file: string) =>
  Object.values(workflow(file).jobs).flatMap((job) =>
    stepsOf(job).filter((step) => step.uses?.startsWith("actions/setup-node@")).map((step) => String(step.with?.["node-version"])),
  );

describe("tool versions in the pipeline", () => {
  it("deploys, plans and checks drift on the Node major the container runs", () => {
    for (const file of ["deploy-environment.yml", "plan-environment.yml", "drift-check.yml"]) {
      expect([file, nodeVersions(file)]).toEqual([file, [imageNode]]);
    }
  });

  it("tests on every Node major package.json still accepts and on the container's", () => {
    const engines = (JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } }).engines.node;
    const lowest = /^>=(\d+)/.exec(engines)![1]!;
    const matrix = (workflow("ci.yml").jobs.test!.strategy as { matrix: { node: number[] } }).matrix.node.map(String);
    expect(matrix).toEqual([lowest, imageNode]);
  });

  it("runs decK only through deck.sh, from the one digest-pinned image Dependabot moves", () => {
    const direct = allJobs().filter(([, , job]) => stepsOf(job).some((step) => step.uses?.startsWith("docker://kong/deck")));
    expect(direct.map(([file, id]) => `${file}#${id}`)).toEqual([]);
    expect(readFileSync(`${githubDir}scripts/deck.sh`, "utf8")).toContain("images/deck/Dockerfile");
  });
});
