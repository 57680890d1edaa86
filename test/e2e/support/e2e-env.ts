/**
 * Where the end-to-end suite points, read from the environment.
 *
 *   E2E_TARGET                local | deployed                                  required
 *   E2E_GATEWAY_URL           gateway base URL (the Konnect proxy URL when deployed)  required
 *   E2E_API_KEY               key of the smoke-test consumer on that gateway    required
 *   E2E_UPSTREAM_URL          the service reached directly, around the gateway  required for local
 *   E2E_GATEWAY_HTTP_URL      the same gateway over plain HTTP, for the 426     required for local
 *   E2E_KEYED_REQUEST_BUDGET  most requests sent with the key                   default 200
 *
 * `local` is the compose stack (`npm run kong:up` writes kong/rendered/e2e.env):
 * its own gateway, its echo route, Kong's self-signed certificate. `deployed`
 * is a real environment after a deploy: only requests that change nothing,
 * and only as many keyed ones as the budget allows, so prod's smoke-test
 * consumer keeps its quota for the canary.
 */
export const E2E_TARGETS = ["local", "deployed"] as const;
export type E2eTarget = (typeof E2E_TARGETS)[number];

/**
 * Most keyed requests a run sends besides the rate-limit test: 5 on any
 * target (sum, forged secret, 413; the first two may retry once after a
 * 429) and 4 more on the local stack (echo, which may retry, and two chunked
 * bodies). A deployed run fits in a budget of 5.
 */
export const KEYED_CHECKS = 9;
/** The smoke-test tier's per-minute limit is at most this (test/kong/kong-config.test.ts holds it). */
export const MAX_LIMIT = 30;
/**
 * Gateway nodes the rate-limit burst allows for: with `policy: local` each
 * node counts on its own, so n nodes may let n × limit requests through.
 */
export const TOLERATED_NODES = 5;
/** Most keyed requests the rate-limit burst sends: one full limit per tolerated node, and a margin. */
export const RATE_LIMIT_BURST = TOLERATED_NODES * MAX_LIMIT + 2;
/** The burst and the (at most four) requests before it that read the limit and wait out a closing window. */
export const RATE_LIMIT_KEYED = RATE_LIMIT_BURST + 4;
const DEFAULT_BUDGET = 200;

export interface E2eEnv {
  readonly target: E2eTarget;
  /** Gateway base URL, e.g. https://localhost:8443 or the Konnect proxy URL. */
  readonly gatewayUrl: string;
  /** Key of the smoke-test consumer on that gateway. */
  readonly apiKey: string;
  /** The service reached directly, bypassing the gateway, when known. */
  readonly upstreamUrl: string | undefined;
  /** The gateway's plain-HTTP address, when it listens on one. */
  readonly gatewayHttpUrl: string | undefined;
  /** Most requests the suite may send with the key. */
  readonly keyedRequestBudget: number;
  /** Only the local gateway's self-signed certificate is accepted, never a deployed one. */
  readonly acceptSelfSigned: boolean;
}

/** Which groups of checks a run holds, and why the others are left out. */
export interface E2ePlan {
  /** Test files the run leaves out entirely (their every check is one of the groups below). */
  readonly excludedFiles: readonly string[];
  /** Echo route, chunked bodies against the local nginx cap: the local stack only. */
  readonly localOnly: boolean;
  readonly directCalls: boolean;
  readonly plainHttp: boolean;
  /** Driving the consumer to 429 needs a budget for the whole burst. */
  readonly rateLimit: boolean;
  /** One line per group left out, for the run's log. */
  readonly leftOut: readonly string[];
}

type Vars = Readonly<Record<string, string | undefined>>;

function baseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`e2e: ${name} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`e2e: ${name} must be http(s)`);
  return url.toString().replace(/\/$/, "");
}

function optionalUrl(env: Vars, name: string): string | undefined {
  const value = env[name];
  return value ? baseUrl(name, value) : undefined;
}

function budget(env: Vars): number {
  const value = env["E2E_KEYED_REQUEST_BUDGET"];
  if (value === undefined || value === "") return DEFAULT_BUDGET;
  if (!/^[1-9]\d*$/.test(value)) throw new Error("e2e: E2E_KEYED_REQUEST_BUDGET must be a positive whole number");
  return Number(value);
}

/**
 * Reads the suite's variables.
 * @throws Error in one line naming every missing variable, or the bad one.
 */
export function readE2eEnv(env: Vars): E2eEnv {
  const target = env["E2E_TARGET"];
  if (target !== undefined && target !== "" && !(E2E_TARGETS as readonly string[]).includes(target)) {
    throw new Error(`e2e: E2E_TARGET must be ${E2E_TARGETS.join(" or ")}, not '${target}'`);
  }
  const required = ["E2E_TARGET", "E2E_GATEWAY_URL", "E2E_API_KEY"];
  if (target === "local") required.push("E2E_UPSTREAM_URL", "E2E_GATEWAY_HTTP_URL");
  const missing = required.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(
      `e2e: set ${missing.join(", ")} (for a local stack: npm run kong:up, then load kong/rendered/e2e.env)`,
    );
  }
  const gatewayUrl = baseUrl("E2E_GATEWAY_URL", env["E2E_GATEWAY_URL"] ?? "");
  return {
    target: target as E2eTarget,
    gatewayUrl,
    apiKey: env["E2E_API_KEY"] ?? "",
    upstreamUrl: optionalUrl(env, "E2E_UPSTREAM_URL"),
    gatewayHttpUrl: optionalUrl(env, "E2E_GATEWAY_HTTP_URL"),
    keyedRequestBudget: budget(env),
    acceptSelfSigned: target === "local" && ["localhost", "127.0.0.1", "[::1]"].includes(new URL(gatewayUrl).hostname),
  };
}

/** What a run checks for its target, variables and budget. */
export function planE2e(env: E2eEnv): E2ePlan {
  const localOnly = env.target === "local";
  const directCalls = env.upstreamUrl !== undefined;
  const plainHttp = env.gatewayHttpUrl !== undefined;
  const rateLimit = env.keyedRequestBudget >= KEYED_CHECKS + RATE_LIMIT_KEYED;
  const leftOut = [
    localOnly ? "" : "echo route and chunked-body checks: the local stack only (E2E_TARGET=local)",
    directCalls ? "" : "direct calls to the service: E2E_UPSTREAM_URL is not set",
    plainHttp ? "" : "426 over plain HTTP: E2E_GATEWAY_HTTP_URL is not set",
    rateLimit
      ? ""
      : `429 once the limit is used up: needs E2E_KEYED_REQUEST_BUDGET >= ${KEYED_CHECKS + RATE_LIMIT_KEYED}, ` +
        `has ${env.keyedRequestBudget}`,
  ].filter((line) => line !== "");
  const excludedFiles = [
    localOnly ? "" : "test/e2e/local-gateway.test.ts",
    directCalls ? "" : "test/e2e/upstream-trust.test.ts",
  ].filter((file) => file !== "");
  return { excludedFiles, localOnly, directCalls, plainHttp, rateLimit, leftOut };
}
