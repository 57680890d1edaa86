import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

interface ComposeService {
  image?: string;
  command?: string[];
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
const echo = compose.services["echo-upstream"];
const routed = parse(readFileSync("kong/kong.yaml", "utf8")) as { services: { plugins?: { name: string; config?: Record<string, unknown> }[] }[] };

describe("docker-compose.yml", () => {
  it("runs open-source Kong 3.9 without a database, from the rendered file", () => {
    // Pinned to the multi-arch index digest, so laptops and CI's arm64 runner run the same bytes.
    expect(kong?.image).toMatch(/^kong:3\.9\.\d+@sha256:[0-9a-f]{64}$/);
    expect(kong?.environment?.["KONG_DATABASE"]).toBe("off");
    const mounted = kong?.volumes?.map((volume) => volume.split(":"));
    expect(mounted).toContainEqual(["./kong/rendered/kong.yaml", kong?.environment?.["KONG_DECLARATIVE_CONFIG"], "ro"]);
  });

  it("serves the gateway on localhost only, HTTPS on 8443 and plain HTTP (426) on 8000, once its upstreams are healthy", () => {
    expect(kong?.ports).toEqual(["127.0.0.1:8000:8000", "127.0.0.1:8443:8443"]);
    expect(kong?.environment?.["KONG_PROXY_LISTEN"]).toBe("0.0.0.0:8000, 0.0.0.0:8443 ssl");
    expect(kong?.depends_on?.["sum-service"]?.condition).toBe("service_healthy");
    expect(kong?.depends_on?.["echo-upstream"]?.condition).toBe("service_healthy");
  });

  it("bounds what nginx reads of a body, above the size limit plugin's so the plugin answers first", () => {
    const nginx = kong?.environment?.["KONG_NGINX_HTTP_CLIENT_MAX_BODY_SIZE"] ?? "";
    const bytes = Number(/^(\d+)m$/.exec(nginx)?.[1]) * 1024 * 1024;
    const plugin = routed.services[0]?.plugins?.find((p) => p.name === "request-size-limiting")?.config;
    expect(plugin?.["size_unit"]).toBe("bytes");
    expect(bytes).toBeGreaterThan(plugin?.["allowed_payload_size"] as number);
    expect(bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it("runs the echo upstream from the service's own image and the checked-in script, unpublished", () => {
    expect(echo?.build).toEqual(service?.build);
    expect(echo?.command).toEqual(["node", "/echo/echo-upstream.mjs"]);
    expect(echo?.volumes).toEqual(["./kong/local/echo-upstream.mjs:/echo/echo-upstream.mjs:ro"]);
    expect(echo?.ports).toBeUndefined();
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
