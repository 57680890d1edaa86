import type { Config } from "../../config.js";
import { createRouter } from "../../lib/create-router.js";
import type { Metrics } from "../../lib/metrics.js";
import { createSumHandler } from "./sum.handlers.js";
import { createSumRoute } from "./sum.routes.js";

/** The /sum route group. */
export const createSumRouter = (config: Config, { metrics }: { metrics: Metrics }) =>
  createRouter().openapi(createSumRoute(config), createSumHandler({ metrics }));
