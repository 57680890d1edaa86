import type { RouteHandler } from "@hono/zod-openapi";
import type { SecretSource } from "../../gateway/secret-source.js";
import type { AppEnv } from "../../lib/http/app-env.js";
import type { DrainState } from "../../lib/http/drain-state.js";
import { respondJson, respondProblem } from "../../lib/http/respond.js";
import type { HealthRoute, ReadyRoute } from "./health.routes.js";

export const health: RouteHandler<HealthRoute, AppEnv> = (c) => respondJson(c, { status: "ok" }, 200);

export const createReadyHandler =
  ({ secretSource, drainState }: { secretSource: SecretSource; drainState: DrainState }): RouteHandler<
    ReadyRoute,
    AppEnv
  > =>
  (c) => {
    const reason = drainState.isDraining
      ? "The service is shutting down."
      : secretSource.isLoaded()
        ? undefined
        : "The gateway secret has not been loaded yet.";
    if (reason === undefined) return respondJson(c, { status: "ready" }, 200);
    return respondProblem(c, "notReady", reason);
  };
