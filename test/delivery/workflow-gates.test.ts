import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allJobs, githubDir, loadWorkflows, stepsOf } from "./load-workflows.js";

const runScripts = allJobs().flatMap(([file, id, job]) => stepsOf(job).filter((s) => s.run).map((s) => ({ where: `${file}#${id}`, run: s.run! })));
const shellScripts = readdirSync(`${githubDir}scripts`).map((f) => ({ where: f, run: readFileSync(`${githubDir}scripts/${f}`, "utf8") }));
const FAILURE_HIDING = /\|\|\s*(true|:)(\s|;|$)|\|\|\s*exit\s+0|set\s+\+e|set\s+\+o\s+pipefail/;

describe("no gate hides a failure", () => {
  it("no job or step continues on error", () => {
    expect(loadWorkflows().filter((wf) => wf.text.includes("continue-on-error")).map((wf) => wf.file)).toEqual([]);
  });

  it("no run step or script swallows a failing command", () => {
    expect([...runScripts, ...shellScripts].filter(({ run }) => FAILURE_HIDING.test(run))).toEqual([]);
  });

  it("the failure-hiding pattern catches the usual forms", () => {
    for (const bad of ["npm test || true", "trivy image x || :", "cdk diff || exit 0", "set +e\ncdk deploy"]) {
      expect(FAILURE_HIDING.test(bad)).toBe(true);
    }
    expect(FAILURE_HIDING.test('[[ -n "$x" ]] || { echo "missing" >&2; exit 1; }')).toBe(false);
  });

  it("run steps use bash with pipefail, so a failure inside a pipe fails the step", () => {
    for (const wf of loadWorkflows()) expect([wf.file, wf.defaults?.run?.shell]).toEqual([wf.file, "bash"]);
    for (const script of shellScripts) expect([script.where, script.run]).toEqual([script.where, expect.stringContaining("set -euo pipefail")]);
  });

  it("every run step is valid bash (the workflows cannot run here, their scripts can be parsed)", () => {
    const invalid = runScripts.filter(({ run }) => {
      const script = run.replace(/\$\{\{[^}]*\}\}/g, "EXPR");
      return spawnSync("bash", ["-n"], { input: script }).status !== 0;
    });
    expect(invalid).toEqual([]);
    expect(spawnSync("bash", ["-n"], { input: "if true; then echo" }).status).not.toBe(0);
  });

  it("the image scan fails the job on HIGH or CRITICAL findings", () => {
    const scans = allJobs().flatMap(([, , job]) => stepsOf(job).filter((s) => s.uses?.startsWith("aquasecurity/trivy-action@")));
    // One scan: Deploy promotes the image CI scanned instead of building its own.
    expect(scans.length).toBe(1);
    for (const scan of scans) expect(scan.with).toMatchObject({ "exit-code": "1", severity: "HIGH,CRITICAL" });
  });

  it("run steps never interpolate secrets or caller-controlled text into the script", () => {
    const injected = runScripts.filter(({ run }) => /\$\{\{\s*(secrets\.|inputs\.|github\.event\.|github\.head_ref)/.test(run));
    expect(injected).toEqual([]);
  });

  it("no workflow runs on pull_request_target, which would expose secrets to forks", () => {
    expect(loadWorkflows().filter((wf) => "pull_request_target" in wf.on).map((wf) => wf.file)).toEqual([]);
  });

  it("checkouts do not leave the token in the git config", () => {
    const checkouts = allJobs().flatMap(([, , job]) => stepsOf(job).filter((s) => s.uses?.startsWith("actions/checkout@")));
    expect(checkouts.filter((step) => step.with?.["persist-credentials"] !== false)).toEqual([]);
  });

  it("every job that runs steps has a timeout", () => {
    expect(allJobs().filter(([, , job]) => job.steps && typeof job["timeout-minutes"] !== "number").map(([f, id]) => `${f}#${id}`)).toEqual([]);
  });
});
