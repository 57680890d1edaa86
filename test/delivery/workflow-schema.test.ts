import { readFileSync } from "node:fs";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { githubDir, loadWorkflows } from "./load-workflows.js";

describe("workflow files against the official GitHub workflow schema (SchemaStore, via action-validator)", () => {
  it.each(loadWorkflows().map((wf) => [wf.file, wf.text]))("%s is valid", (_file, text) => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it("the validator rejects a misspelt key, so a pass means something", () => {
    const valid = readFileSync(`${githubDir}workflows/ci.yml`, "utf8");
    const broken = valid.replace("runs-on: ubuntu-latest", "run-on: ubuntu-latest");
    expect(broken).not.toBe(valid);
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });
});
