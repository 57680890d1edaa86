import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env.js";
import { fsum } from "../../lib/fsum.js";
import type { Metrics } from "../../lib/metrics.js";
import { PROBLEM_HEADERS, problemBody } from "../../lib/problem.js";
import type { SumRoute } from "./sum.routes.js";

/** Adds the validated numbers; a sum beyond the double range is the caller's problem (422). */
export const createSumHandler =
  ({ metrics }: { metrics: Metrics }): RouteHandler<SumRoute, AppEnv> =>
  (c) => {
    const { numbers } = c.req.valid("json");
    const sum = fsum(numbers);
    if (!Number.isFinite(sum)) {
      const errors = [{ pointer: "/numbers", detail: "The exact sum is beyond ±1.7976931348623157e308." }];
      const body = problemBody("sumOutOfRange", "The sum is too large to represent as a double.", {
        instance: c.req.path,
        errors,
      });
      return c.json(body, 422, PROBLEM_HEADERS);
    }
    metrics.observeNumbers(numbers.length);
    return c.json({ sum, count: numbers.length }, 200);
  };
