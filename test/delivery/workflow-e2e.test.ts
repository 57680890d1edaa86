import { describe, expect, it } from "vitest";
import { stepIndex, stepsOf, workflow } from "./load-workflows.js";

const ci = workflow("ci.yml");
const e2e = ci.jobs.e2e!;
const step = (needle: string) => stepsOf(e2e)[stepIndex(e2e, needle)]!;

describe("CI workflow", () => {
  it("checks every pull request and every push to main", () => {
    expect(ci.on).toHaveProperty("pull_request");
    expect(ci.on.push).toEqual({ branches: ["main"] });
  });

  it("lints, type-checks, tests, synthesizes, validates decK config and scans the arm64 image", () => {
    for (const needle of ["npm run lint", "npm run typecheck", "npm test"]) expect(stepIndex(ci.jobs.test!, needle)).toBeGreaterThan(0);
    expect(stepIndex(ci.jobs.synth!, "npm run synth")).toBeGreaterThan(0);
    expect(stepIndex(ci.jobs["gateway-config"]!, "file validate")).toBeGreaterThan(0);
    expect(stepsOf(ci.jobs.image!).find((s) => s.uses?.startsWith("docker/build-push-action@"))!.with).toMatchObject({
      platforms: "linux/arm64",
      push: false,
    });
  });
});

describe("gateway e2e job", () => {
  it("runs on arm64, the architecture Fargate runs", () => {
    expect(e2e["runs-on"]).toBe("ubuntu-24.04-arm");
  });

  it("starts the local compose stack (Kong pinned in docker-compose.yml) and masks its generated secrets", () => {
    expect(step("npm run kong:up").run).toBe("npm run kong:up");
    const load = step("GITHUB_ENV").run!;
    expect(load).toContain("::add-mask::$(sed -n 's/^GATEWAY_SECRET=//p' kong/rendered/service.env)");
    expect(load).toContain("::add-mask::$(sed -n 's/^E2E_API_KEY=//p' kong/rendered/e2e.env)");
    expect(load.indexOf("::add-mask::")).toBeLessThan(load.indexOf("GITHUB_ENV"));
    expect(ci.text).not.toMatch(/image: kong:|docker run [^\n]*kong:/);
  });

  it("runs the e2e suite through Kong once the stack is up, and always stops it", () => {
    const order = ["npm run kong:up", "GITHUB_ENV", "npm run test:e2e", "npm run kong:down"].map((n) => stepIndex(e2e, n));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(step("npm run kong:down").if).toBe("always()");
  });
});
