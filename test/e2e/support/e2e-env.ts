/** Where the end-to-end suite points: a real gateway and the service behind it. */
export interface E2eEnv {
  /** Gateway base URL, e.g. http://localhost:8000 or the Konnect proxy URL. */
  readonly gatewayUrl: string;
  /** Key of the smoke-test consumer on that gateway. */
  readonly apiKey: string;
  /** The service reached directly, bypassing the gateway. */
  readonly upstreamUrl: string;
}

const NAMES = ["E2E_GATEWAY_URL", "E2E_API_KEY", "E2E_UPSTREAM_URL"] as const;

function baseUrl(name: string, value: string): string {
  try {
    return new URL(value).toString().replace(/\/$/, "");
  } catch {
    throw new Error(`${name} is not a URL`);
  }
}

/**
 * Reads the suite's variables.
 * @throws Error in one line naming every missing variable, and how to get them.
 */
export function readE2eEnv(env: Readonly<Record<string, string | undefined>>): E2eEnv {
  const missing = NAMES.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(
      `e2e: set ${missing.join(", ")} (for a local stack: npm run kong:up, then load kong/rendered/e2e.env)`,
    );
  }
  return {
    gatewayUrl: baseUrl("E2E_GATEWAY_URL", env["E2E_GATEWAY_URL"] ?? ""),
    apiKey: env["E2E_API_KEY"] ?? "",
    upstreamUrl: baseUrl("E2E_UPSTREAM_URL", env["E2E_UPSTREAM_URL"] ?? ""),
  };
}
