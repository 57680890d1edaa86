import type { Config } from "../../config.js";
import type { BodyBudget } from "../../lib/body-budget.js";
import { createRouter } from "../../lib/create-router.js";
import type { Metrics } from "../../lib/metrics.js";
import { createSumHandler } from "./sum.handlers.js";
import { createSumRoute } from "./sum.routes.js";

/** The /sum route group: documented from its route definition, served by one handler. */
export const createSumRouter = (config: Config, { metrics, bodyBudget }: { metrics: Metrics; bodyBudget: BodyBudget }) => {
  const router = createRouter();
  const route = createSumRoute(config);
  router.openAPIRegistry.registerPath(route);
  router.post(route.path, createSumHandler({ config, metrics, bodyBudget }));
  return router;
};
