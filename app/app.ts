import { OpenAPIHono } from "@hono/zod-openapi";
import { resolveDeps, type AppDeps } from "./app-deps.js";
import type { Config } from "./config.js";
import type { AppEnv } from "./lib/http/app-env.js";
import { configureOpenApi } from "./lib/http/configure-openapi.js";
import { discardLimitsOf } from "./lib/body/discard-body.js";
import { RouteLabels } from "./lib/observability/route-label.js";
import { gatewayGuard } from "./middleware/gateway-guard.js";
import { createNotFound } from "./middleware/not-found.js";
import { createOnError } from "./middleware/on-error.js";
import { requestLifecycle } from "./middleware/request-lifecycle.js";
import { createHealthRouter } from "./routes/health/health.index.js";
import { createSumRouter } from "./routes/sum/sum.index.js";

export type { AppDeps };

/**
 * Builds the service as a Hono app. Never listens and never reads the environment: the server
 * entry does both. Every dependency has a safe default.
 *
 * @example
 * const res = await createApp(parseConfig({})).request("/openapi.json");
 */
export function createApp(config: Config, partialDeps: Partial<AppDeps> = {}) {
  const deps = resolveDeps(config, partialDeps);
  const app = new OpenAPIHono<AppEnv>({ strict: true });

  const discard = discardLimitsOf(config);
  const routeLabels = new RouteLabels();
  app.use(requestLifecycle({ ...deps, routeLabels, discard }));
  app.use(gatewayGuard({ ...deps, routeLabels, source: deps.secretSource, headerName: config.gatewaySecretHeader }));

  app.route("/", createHealthRouter(deps));
  app.route("/", createSumRouter(config, { ...deps, discard }));
  configureOpenApi(app, deps.version);
  // Every route is registered now: metrics and logs label requests by exactly these.
  routeLabels.learn(app.routes);

  let allowed: Map<string, string[]> | undefined;
  const allowedMethods = () => (allowed ??= collectAllowedMethods(app.routes));
  app.notFound(createNotFound(allowedMethods));
  app.onError(createOnError(deps));
  return app;
}

function collectAllowedMethods(routes: readonly { path: string; method: string }[]): Map<string, string[]> {
  const byPath = new Map<string, Set<string>>();
  for (const { path, method } of routes) {
    if (method === "ALL") continue;
    const methods = byPath.get(path) ?? new Set<string>();
    methods.add(method);
    if (method === "GET") methods.add("HEAD");
    byPath.set(path, methods);
  }
  return new Map([...byPath].map(([path, methods]) => [path, [...methods].sort()]));
}
