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
  it("starts the service from this commit's image with a generated, masked gateway secret", () => {
    const secrets = step("openssl rand").run!;
    expect(secrets.indexOf("::add-mask::$gateway_secret")).toBeLessThan(secrets.indexOf("GITHUB_ENV"));
    expect(secrets).toContain("E2E_API_KEY=$smoke_key");
    expect(step("docker build").run).toContain("--tag sum-service:e2e");
    expect(step("docker run --detach --name sum-service").run).toMatch(/--env GATEWAY_SECRET[\s\S]*sum-service:e2e/);
  });

  it("renders the DB-less config and runs open-source Kong 3.9 with it, waiting until ready", () => {
    expect(step("npm run kong:render").env).toEqual({ DECK_UPSTREAM_URL: "${{ env.SERVICE_URL }}" });
    const kong = step("kong:3.9").run!;
    expect(kong).toMatch(/KONG_DATABASE=off[\s\S]*KONG_DECLARATIVE_CONFIG=\/kong\/kong.yaml[\s\S]*kong\/rendered:\/kong:ro[\s\S]*kong:3\.9\n/);
    expect(kong).toContain("/status/ready");
  });

  it("runs the e2e suite through Kong after everything is up", () => {
    const order = ["docker run --detach --name sum-service", "npm run kong:render", "kong:3.9", "npm run test:e2e"].map((n) => stepIndex(e2e, n));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(step("npm run test:e2e").env).toEqual({
      E2E_GATEWAY_URL: "${{ env.GATEWAY_URL }}",
      E2E_UPSTREAM_URL: "${{ env.SERVICE_URL }}",
    });
  });
});
