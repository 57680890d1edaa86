import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { githubDir, loadWorkflows } from "./load-workflows.js";

interface UsesLine {
  readonly file: string;
  readonly ref: string;
  readonly comment: string;
}

// Read from the raw text: the version comment is invisible to a YAML parser.
const usesLines: UsesLine[] = loadWorkflows().flatMap((wf) =>
  [...wf.text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].map((m) => ({ file: wf.file, ref: m[1]!, comment: m[2]!.trim() })),
);
const remote = usesLines.filter((line) => !line.ref.startsWith("./") && !line.ref.startsWith("docker://"));

describe("third-party code in workflows is pinned", () => {
  it("finds the actions the workflows use", () => {
    expect(remote.map((line) => line.ref.split("@")[0])).toEqual(
      expect.arrayContaining(["actions/checkout", "aws-actions/configure-aws-credentials", "aquasecurity/trivy-action"]),
    );
  });

  it("pins every action to a full commit SHA with its version in a comment", () => {
    const unpinned = remote.filter(
      (line) => !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(line.ref) || !/^# v\d+(\.\d+){0,2}$/.test(line.comment),
    );
    expect(unpinned).toEqual([]);
  });

  it("uses one SHA per action everywhere, so an upgrade cannot leave a copy behind", () => {
    const shas = new Map<string, Set<string>>();
    for (const line of remote) {
      const [action, sha] = line.ref.split("@") as [string, string];
      shas.set(action, (shas.get(action) ?? new Set()).add(`${sha} ${line.comment}`));
    }
    const mixed = [...shas].filter(([, pins]) => pins.size > 1).map(([action]) => action);
    expect(mixed).toEqual([]);
  });

  it("pins every container image by digest, in a step or in .github/images", () => {
    const steps = usesLines.filter((line) => line.ref.startsWith("docker://")).map((line) => line.ref.slice("docker://".length));
    const files = readdirSync(`${githubDir}images`).flatMap((dir) =>
      [...readFileSync(`${githubDir}images/${dir}/Dockerfile`, "utf8").matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!));
    expect(files.length).toBeGreaterThan(0);
    expect([...steps, ...files].filter((ref) => !/^[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$/.test(ref))).toEqual([]);
  });

  it("refers only to local workflows and actions that exist", () => {
    const local = usesLines.filter((line) => line.ref.startsWith("./"));
    expect(local.filter((line) => !existsSync(`${githubDir}../${line.ref.slice(2)}`))).toEqual([]);
  });
});

describe("scripts the workflows run", () => {
  it("exist and are executable", () => {
    const scripts = new Set(loadWorkflows().flatMap((wf) => [...wf.text.matchAll(/\.github\/scripts\/[\w.-]+\.sh/g)].map((m) => m[0])));
    expect(scripts.size).toBeGreaterThanOrEqual(3);
    for (const script of scripts) {
      const mode = statSync(`${githubDir}../${script}`).mode;
      expect([script, mode & 0o111]).toEqual([script, 0o111]);
    }
  });
});
