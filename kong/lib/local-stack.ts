import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withEchoRoute } from "./echo-route.js";
import { renderDbless } from "./render-dbless.js";

/** Where Kong reaches the service and the echo upstream inside the compose network. */
export const LOCAL_UPSTREAM_URL = "http://sum-service:8080";
export const LOCAL_ECHO_URL = "http://echo-upstream:8080";
/** Where the host reaches the gateway (HTTPS, self-signed), its plain-HTTP listener and the service. */
export const LOCAL_GATEWAY_URL = "https://localhost:8443";
export const LOCAL_GATEWAY_HTTP_URL = "http://localhost:8000";
export const LOCAL_SERVICE_URL = "http://localhost:8080";

/** Files {@link prepareLocalStack} writes, all inside its output folder. */
export interface LocalStackFiles {
  /** DB-less config mounted into the Kong container. */
  readonly configPath: string;
  /** `GATEWAY_SECRET=…`, read by compose for the service container. */
  readonly serviceEnvPath: string;
  /** `E2E_*` variables for `npm run test:e2e` against this stack (target `local`). */
  readonly e2eEnvPath: string;
  /** Key of the demo (smoke-test) consumer. */
  readonly apiKey: string;
}

/** Options for {@link prepareLocalStack}. */
export interface LocalStackOptions {
  /** Text of the decK source, kong/kong.yaml. */
  readonly sourceText: string;
  /** Folder to write into; docker-compose.yml reads kong/rendered. */
  readonly outDir: string;
}

/** A fresh random value, safe in headers and env files (base64url). */
function generateToken(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

function writePrivate(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600); // writeFileSync keeps the mode of an existing file
}

/**
 * Generates a new gateway secret and demo consumer key and writes everything
 * the local compose stack needs. Nothing here is ever committed: the folder is
 * gitignored and the values change on every run.
 * @example
 * const { apiKey } = prepareLocalStack({ sourceText, outDir: "kong/rendered" });
 */
export function prepareLocalStack({ sourceText, outDir }: LocalStackOptions): LocalStackFiles {
  const gatewaySecret = generateToken(32);
  const apiKey = generateToken(24);
  const { yaml } = renderDbless(
    sourceText,
    {
      DECK_UPSTREAM_URL: LOCAL_UPSTREAM_URL,
      DECK_GATEWAY_SECRET: gatewaySecret,
      DECK_SMOKE_TEST_API_KEY: apiKey,
    },
    {
      source: "kong/kong.yaml",
      extend: (config) => withEchoRoute(config, { url: LOCAL_ECHO_URL }),
    },
  );

  mkdirSync(outDir, { recursive: true });
  const configPath = join(outDir, "kong.yaml");
  const serviceEnvPath = join(outDir, "service.env");
  const e2eEnvPath = join(outDir, "e2e.env");
  // Kong runs as its own user in the container, so the mounted file must be
  // world-readable; the folder stays out of git.
  writeFileSync(configPath, yaml, { mode: 0o644 });
  chmodSync(configPath, 0o644);
  writePrivate(serviceEnvPath, `GATEWAY_SECRET=${gatewaySecret}\n`);
  writePrivate(
    e2eEnvPath,
    [
      "E2E_TARGET=local",
      `E2E_GATEWAY_URL=${LOCAL_GATEWAY_URL}`,
      `E2E_GATEWAY_HTTP_URL=${LOCAL_GATEWAY_HTTP_URL}`,
      `E2E_API_KEY=${apiKey}`,
      `E2E_UPSTREAM_URL=${LOCAL_SERVICE_URL}`,
      "",
    ].join("\n"),
  );
  return { configPath, serviceEnvPath, e2eEnvPath, apiKey };
}
