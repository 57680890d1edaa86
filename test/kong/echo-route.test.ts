import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { parseDeclarativeConfig } from "../../kong/lib/declarative-config.js";
import { withEchoRoute } from "../../kong/lib/echo-route.js";

const keyAuth = { name: "key-auth", id: "5d3c2b1a-0000-4000-8000-000000000001", config: { hide_credentials: true } };
const source = parseDeclarativeConfig(
  JSON.stringify({
    _format_version: "3.0",
    services: [
      {
        name: "api",
        url: "https://origin.example.com",
        plugins: [{ name: "correlation-id", instance_name: "ids" }],
        routes: [{ name: "sum", paths: ["~/sum$"], methods: ["POST"], protocols: ["https"], plugins: [keyAuth] }],
      },
    ],
  }),
  "fixture.yaml",
);

describe("withEchoRoute", () => {
  it("adds an echo service whose route carries copies of the model route's plugins, without ids", () => {
    const config = withEchoRoute(source, { url: "http://echo:8080" });
    const echo = config.services?.[1];
    expect(echo).toMatchObject({ name: "local-echo", url: "http://echo:8080", plugins: [{ name: "correlation-id" }] });
    expect(echo?.plugins?.[0]).not.toHaveProperty("instance_name");
    expect(echo?.routes?.[0]).toMatchObject({
      name: "echo",
      paths: ["~/echo$"],
      methods: ["POST"],
      protocols: ["https"],
      plugins: [{ name: "key-auth", config: { hide_credentials: true } }],
    });
    expect(echo?.routes?.[0]?.plugins?.[0]).not.toHaveProperty("id");
    expect(config.services?.[0]).toEqual(source.services?.[0]);
  });

  it("fails naming the route it cannot find", () => {
    expect(() => withEchoRoute(source, { url: "http://echo:8080", like: "missing" })).toThrow(
      "no route named 'missing' for the echo route to copy",
    );
  });
});

describe("kong/local/echo-upstream.mjs", () => {
  it("answers with the method, path and headers it received", async () => {
    const child = spawn(process.execPath, ["kong/local/echo-upstream.mjs"], {
      env: { PATH: process.env["PATH"], ECHO_HOST: "127.0.0.1", ECHO_PORT: "0" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    try {
      const [line] = (await once(child.stderr, "data")) as [Buffer];
      const port = /listening on (\d+)/.exec(line.toString())?.[1];
      const response = await fetch(`http://127.0.0.1:${port}/echo?x=1`, {
        method: "POST",
        headers: { "x-probe": "seen" },
        body: "ignored",
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ method: "POST", path: "/echo?x=1", headers: { "x-probe": "seen" } });
    } finally {
      child.kill();
    }
  });
});
