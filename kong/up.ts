/**
 * `npm run kong:up [-- --no-start]`: the gated API on http://localhost:8000.
 * Generates a demo consumer key and a gateway secret into kong/rendered/
 * (gitignored), then runs `docker compose up`. With --no-start it only writes
 * the files, for a compose run started some other way (CI, for example).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { KONG_SOURCE_PATH } from "./lib/declarative-config.js";
import { LOCAL_GATEWAY_URL, prepareLocalStack } from "./lib/local-stack.js";

function main(): number {
  const { values } = parseArgs({ options: { "no-start": { type: "boolean", default: false } } });
  const files = prepareLocalStack({ sourceText: readFileSync(KONG_SOURCE_PATH, "utf8"), outDir: "kong/rendered" });
  console.log(`kong:up: wrote ${files.configPath}, ${files.serviceEnvPath} and ${files.e2eEnvPath}`);
  if (values["no-start"]) return 0;

  const probe = spawnSync("docker", ["compose", "version"], { stdio: "ignore" });
  if (probe.error || probe.status !== 0) throw new Error("Docker with the compose plugin (v2) is required");
  const compose = spawnSync("docker", ["compose", "up", "--build", "--detach", "--wait"], { stdio: "inherit" });
  if (compose.status !== 0) return compose.status ?? 1;

  console.log(`kong:up: gateway on ${LOCAL_GATEWAY_URL}; demo key in ${files.e2eEnvPath} (E2E_API_KEY)`);
  // The key is printed only to a person at a terminal, never into CI logs.
  if (process.stdout.isTTY) {
    console.log(
      // -k: Kong's own self-signed certificate.
      `  curl -sk ${LOCAL_GATEWAY_URL}/sum -H 'apikey: ${files.apiKey}' ` +
        `-H 'content-type: application/json' -d '{"numbers":[1,2,3]}'`,
    );
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`kong:up: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
