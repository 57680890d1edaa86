import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allJobs, loadWorkflows } from "./load-workflows.js";

const doc = readFileSync("docs/deploy.md", "utf8");
// The bench workflow is not part of delivery; docs/performance.md covers it.
const text = loadWorkflows().filter((wf) => wf.file !== "bench.yml").map((wf) => wf.text).join("\n");
const names = (pattern: RegExp) => [...new Set([...text.matchAll(pattern)].map((m) => m[1]!))].sort();

describe("docs/deploy.md says what the workflows do", () => {
  it("names every repository variable the workflows read", () => {
    const variables = names(/vars\.(\w+)/g);
    expect(variables.length).toBeGreaterThan(10);
    // A family documented as FOO_DEV / _PROD covers FOO_PROD.
    const missing = variables.filter((name) => !doc.includes(`\`${name}\``) && !doc.includes(`\`${name.replace(/_PROD$/, "_DEV")}\` / \`_PROD\``));
    expect(missing).toEqual([]);
  });

  it("names every secret and every GitHub environment the jobs use", () => {
    const secrets = names(/(?:secrets\.|-secret: )(\w+)/g);
    expect(secrets).toEqual(["KONNECT_TOKEN", "KONNECT_TOKEN_DEV", "KONNECT_TOKEN_PROD", "SMOKE_TEST_API_KEY", "SMOKE_TEST_API_KEY_DEV", "SMOKE_TEST_API_KEY_PROD"]);
    for (const secret of secrets) expect([secret, doc.includes(`\`${secret}\``)]).toEqual([secret, true]);
    const environments = new Set(allJobs().map(([, , job]) => (typeof job.environment === "object" ? job.environment.name : job.environment)).filter(Boolean));
    for (const environment of [...environments].filter((name) => !String(name).startsWith("${{"))) {
      expect([environment, doc.includes(`| \`${environment}\` |`)]).toEqual([environment, true]);
    }
  });

  it("says secrets are granted by name, as the roles do, and no repository-level secret exists", () => {
    expect(doc).toContain("matched **by name**");
    expect(doc).not.toMatch(/tagged as created by/);
    expect(doc).toMatch(/never at repository level/);
  });
});
