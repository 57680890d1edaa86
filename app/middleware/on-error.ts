import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "pino";
import type { AppEnv } from "../lib/http/app-env.js";
import { respondProblem } from "../lib/http/respond.js";

/**
 * The one error handler. A client fault raised as an HTTPException (Hono's for a body it cannot
 * parse or read) is a 400; anything else is a bug: logged at error level, answered 500
 * without internals.
 */
export const createOnError =
  ({ logger }: { logger: Logger }): ErrorHandler<AppEnv> =>
  (error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      return respondProblem(c, "malformedJson", "The request body is not valid JSON.");
    }
    logger.error({ err: error, requestId: c.get("requestId") }, "unhandled error while serving a request");
    return respondProblem(c, "internal", "An unexpected error occurred.");
  };
