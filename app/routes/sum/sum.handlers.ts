import type { Context } from "hono";
import type { Config } from "../../config.js";
import type { AppEnv } from "../../lib/http/app-env.js";
import type { BodyBudget } from "../../lib/load-shedding/body-budget.js";
import type { DiscardLimits } from "../../lib/body/discard-body.js";
import { fsum } from "../../lib/sum/fsum.js";
import type { Metrics } from "../../lib/observability/metrics.js";
import { type BodyLimits, readJsonBody } from "../../lib/body/read-json-body.js";
import { respondJson, respondProblem } from "../../lib/http/respond.js";
import { MAX_LISTED_ERRORS, respondValidationProblem } from "../../lib/http/validation-problem.js";
import { hideExcessWrongNumbers, isCertainSumRequest } from "./sum.precheck.js";
import { createSumRequestSchema } from "./sum.schemas.js";

/**
 * POST /sum in one step: media type and encoding (415), size while streaming (413), the body
 * budget (503), JSON (400), the request schema (422), then the correctly rounded sum; a sum
 * beyond the double range is a 422 too.
 * Validation uses the same zod schema the OpenAPI document is generated from; a body it certainly
 * accepts skips it (see sum.precheck.ts).
 */
export const createSumHandler = ({
  config,
  metrics,
  bodyBudget,
  discard,
}: {
  config: Config;
  metrics: Metrics;
  bodyBudget: BodyBudget;
  /** How much of a refused body is read and dropped (the app derives it once from the config). */
  discard: DiscardLimits;
}) => {
  const schema = createSumRequestSchema(config.maxNumbers);
  const limits: BodyLimits = {
    maxBytes: config.bodyLimitBytes,
    budget: bodyBudget,
    ...discard,
    // Twice a valid body's numbers: a body just over MAX_NUMBERS still gets the schema's answer.
    json: { maxValues: 2 * config.maxNumbers },
  };
  return async function sum(c: Context<AppEnv>) {
    const body = await readJsonBody(c, limits);
    if (body instanceof Response) return body;
    let numbers: number[];
    if (isCertainSumRequest(body.value, config.maxNumbers)) numbers = body.value.numbers;
    else {
      const { value, hidden } = hideExcessWrongNumbers(body.value, MAX_LISTED_ERRORS);
      const parsed = schema.safeParse(value);
      if (!parsed.success) return respondValidationProblem(c, parsed.error.issues, hidden);
      numbers = parsed.data.numbers;
    }
    const total = fsum(numbers);
    if (!Number.isFinite(total)) {
      const errors = [{ pointer: "/numbers", detail: "The exact sum is beyond ±1.7976931348623157e308." }];
      return respondProblem(c, "sumOutOfRange", "The sum is too large to represent as a double.", { errors });
    }
    metrics.observeNumbers(numbers.length);
    return respondJson(c, { sum: total, count: numbers.length }, 200);
  };
};
