import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env.js";
import { fsum } from "../../lib/fsum.js";
import type { Metrics } from "../../lib/metrics.js";
import { respondJson, respondProblem } from "../../lib/respond.js";
import type { SumRoute } from "./sum.routes.js";

/** Adds the validated numbers; a sum beyond the double range is the caller's problem (422). */
export const createSumHandler =
  ({ metrics }: { metrics: Metrics }): RouteHandler<SumRoute, AppEnv> =>
  (c) => {
    const { numbers } = c.req.valid("json");
    const sum = fsum(numbers);
    if (!Number.isFinite(sum)) {
      const errors = [{ pointer: "/numbers", detail: "The exact sum is beyond ±1.7976931348623157e308." }];
      return respondProblem(c, "sumOutOfRange", "The sum is too large to represent as a double.", { errors });
    }
    metrics.observeNumbers(numbers.length);
    return respondJson(c, { sum, count: numbers.length }, 200);
  };
