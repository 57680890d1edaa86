import { createRoute } from "@hono/zod-openapi";
import type { Config } from "../../config.js";
import { problemResponseSpec } from "../../lib/http/problem-responses.js";
import { createSumRequestSchema, SumResponseSchema } from "./sum.schemas.js";

/**
 * POST /sum as documented, with its limits taken from the configuration. The handler validates
 * with the same request schema itself (see sum.handlers.ts), so this definition only feeds the
 * OpenAPI document.
 */
export const createSumRoute = (config: Pick<Config, "maxNumbers" | "bodyLimitBytes">) =>
  createRoute({
    method: "post",
    path: "/sum",
    tags: ["Sum"],
    summary: "Add numbers, correctly rounded",
    description:
      "Returns the IEEE-754 double nearest the exact mathematical sum (as Python's math.fsum), " +
      `for 1 to ${config.maxNumbers} finite numbers in a body of at most ${config.bodyLimitBytes} bytes.`,
    request: {
      body: {
        required: true,
        content: { "application/json": { schema: createSumRequestSchema(config.maxNumbers) } },
      },
    },
    responses: {
      200: { description: "The sum", content: { "application/json": { schema: SumResponseSchema } } },
      400: problemResponseSpec("The body is not valid JSON"),
      403: problemResponseSpec("The request did not come through the API gateway"),
      413: problemResponseSpec("The body is larger than the limit"),
      415: problemResponseSpec("The body is not declared as JSON, or is compressed"),
      422: problemResponseSpec("Wrong shape, a non-number, empty, too many numbers, or a sum beyond the double range"),
      503: problemResponseSpec("The service is at capacity, or holds too many request bodies at once; retry after the Retry-After header's seconds"),
    },
  });
