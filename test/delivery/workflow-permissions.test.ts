import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allJobs, githubDir, type Job, loadWorkflows, stepsOf, usesAction, workflow } from "./load-workflows.js";

const AWS_CREDENTIALS = "aws-actions/configure-aws-credentials";

/** Jobs that get AWS credentials themselves or through a reusable workflow they call. */
function needsAwsIdentity(job: Job): boolean {
  if (job.uses?.startsWith("./")) {
    const called = workflow(job.uses.split("/").pop()!);
    return Object.values(called.jobs).some(needsAwsIdentity);
  }
  return usesAction(job, AWS_CREDENTIALS);
}

describe("workflow permissions", () => {
  it("every workflow defaults the token to read-only contents", () => {
    for (const wf of loadWorkflows()) expect([wf.file, wf.permissions]).toEqual([wf.file, { contents: "read" }]);
  });

  it("every job that gets more declares it, and the only write is the OIDC token", () => {
    for (const [file, id, job] of allJobs()) {
      const permissions = job.permissions ?? {};
      expect([file, id, typeof permissions]).toEqual([file, id, "object"]);
      const writes = Object.entries(permissions).filter(([, level]) => level === "write");
      expect([file, id, writes]).toEqual([file, id, needsAwsIdentity(job) ? [["id-token", "write"]] : []]);
      // Job-level permissions replace the workflow's, so checkout still needs contents: read.
      if (job.permissions) expect([file, id, job.permissions]).toMatchObject([file, id, { contents: "read" }]);
    }
  });

  it("assumes roles through OIDC, named by a variable or an input, never with access keys", () => {
    const awsSteps = allJobs().flatMap(([, , job]) => stepsOf(job).filter((s) => s.uses?.startsWith(`${AWS_CREDENTIALS}@`)));
    expect(awsSteps.length).toBeGreaterThanOrEqual(5);
    for (const step of awsSteps) {
      const role = String(step.with?.["role-to-assume"]);
      if (step.with?.["role-chaining"]) expect(role).toMatch(/:role\/cdk-/);
      else expect(role).toMatch(/^\$\{\{ (vars\.AWS_\w+_ROLE_ARN\w*|inputs\.aws-role-arn) \}\}$/);
      expect(Object.keys(step.with ?? {}).filter((key) => /access-key|secret|session-token/.test(key))).toEqual([]);
    }
  });

  it("references no AWS access key anywhere under .github", () => {
    const files = ["dependabot.yml", ...readdirSync(`${githubDir}workflows`).map((f) => `workflows/${f}`),
      ...readdirSync(`${githubDir}scripts`).map((f) => `scripts/${f}`)];
    const offending = files.filter((file) =>
      /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/i.test(readFileSync(githubDir + file, "utf8")),
    );
    expect(offending).toEqual([]);
  });
});
