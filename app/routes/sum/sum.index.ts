import type { Config } from "../../config.js";
import type { DiscardLimits } from "../../lib/body/discard-body.js";
import type { BodyBudget } from "../../lib/load-shedding/body-budget.js";
import { createRouter } from "../../lib/http/create-router.js";
import type { Metrics } from "../../lib/observability/metrics.js";
import { createSumHandler } from "./sum.handlers.js";
import { createSumRoute } from "./sum.routes.js";

/** The /sum route group: documented from its route definition, served by one handler. */
export const createSumRouter = (
  config: Config,
  { metrics, bodyBudget, discard }: { metrics: Metrics; bodyBudget: BodyBudget; discard: DiscardLimits },
) => {
  const router = createRouter();
  const route = createSumRoute(config);
  router.openAPIRegistry.registerPath(route);
  router.post(route.path, createSumHandler({ config, metrics, bodyBudget, discard }));
  return router;
};
