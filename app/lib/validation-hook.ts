import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env.js";
import { respondValidationProblem } from "./validation-problem.js";

/** The default hook of every OpenAPI route: a failed validation becomes a 422 problem. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (!result.success) return respondValidationProblem(c, result.error.issues);
};
