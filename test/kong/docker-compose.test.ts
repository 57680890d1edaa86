import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string };
  environment?: Record<string, string>;
  env_file?: string | string[];
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition?: string }>;
}

const compose = parse(readFileSync("docker-compose.yml", "utf8")) as { services: Record<string, ComposeService> };
const kong = compose.services["kong"];
const service = compose.services["sum-service"];

describe("docker-compose.yml", () => {
  it("runs open-source Kong 3.9 without a database, from the rendered file", () => {
    expect(kong?.image).toBe("kong:3.9");
    expect(kong?.environment?.["KONG_DATABASE"]).toBe("off");
    const mounted = kong?.volumes?.map((volume) => volume.split(":"));
    expect(mounted).toContainEqual(["./kong/rendered/kong.yaml", kong?.environment?.["KONG_DECLARATIVE_CONFIG"], "ro"]);
  });

  it("serves the gateway on localhost:8000 only once the service is healthy", () => {
    expect(kong?.ports).toEqual(["127.0.0.1:8000:8000"]);
    expect(kong?.depends_on?.["sum-service"]?.condition).toBe("service_healthy");
  });

  it("builds the service from the repository's Dockerfile, in production mode", () => {
    expect(service?.build).toEqual({ context: ".", dockerfile: "Dockerfile" });
    expect(service?.environment?.["NODE_ENV"]).toBe("production");
  });

  it("takes the gateway secret from the generated, gitignored env file and holds no literal secret", () => {
    expect(service?.env_file).toBe("kong/rendered/service.env");
    const ignored = readFileSync(".gitignore", "utf8").split("\n").map((line) => line.trim());
    expect(ignored).toContain("kong/rendered/");
    for (const { environment = {} } of Object.values(compose.services)) {
      for (const name of Object.keys(environment)) expect(name).not.toMatch(/SECRET|KEY|TOKEN|PASSWORD/);
    }
  });
});
