import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "pino";
import type { AppEnv } from "../lib/app-env.js";
import { PROBLEM_HEADERS, problemBody, type ProblemKind } from "../lib/problem.js";

const KIND_BY_STATUS: Record<number, ProblemKind> = {
  400: "malformedJson",
  413: "payloadTooLarge",
  415: "unsupportedMediaType",
};

/**
 * The one error handler. A client fault raised as an HTTPException (only malformed JSON, in
 * practice) keeps its 4xx status; anything else is a bug: logged at error level, answered 500
 * without internals.
 */
export const createOnError =
  ({ logger }: { logger: Logger }): ErrorHandler<AppEnv> =>
  (error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      const kind = KIND_BY_STATUS[error.status] ?? "malformedJson";
      const detail =
        kind === "malformedJson" ? "The request body is not valid JSON." : error.message || "The request was refused.";
      const body = { ...problemBody(kind, detail), status: error.status };
      return c.json(body, error.status, PROBLEM_HEADERS);
    }
    logger.error({ err: error, requestId: c.get("requestId") }, "unhandled error while serving a request");
    return c.json(problemBody("internal", "An unexpected error occurred."), 500, PROBLEM_HEADERS);
  };
