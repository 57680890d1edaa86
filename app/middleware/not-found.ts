import type { NotFoundHandler } from "hono";
import type { AppEnv } from "../lib/app-env.js";
import { PROBLEM_HEADERS, problemBody } from "../lib/problem.js";

/**
 * 404 for unknown paths; 405 with an `Allow` header for a known path asked with the wrong method.
 * `allowedMethods` maps each served path to its methods (HEAD is implied by GET).
 */
export const createNotFound =
  (allowedMethods: () => ReadonlyMap<string, readonly string[]>): NotFoundHandler<AppEnv> =>
  (c) => {
    const allowed = allowedMethods().get(c.req.path);
    if (allowed) {
      const detail = `${c.req.method} is not supported on ${c.req.path}; use ${allowed.join(", ")}.`;
      return c.json(problemBody("methodNotAllowed", detail), 405, { ...PROBLEM_HEADERS, allow: allowed.join(", ") });
    }
    return c.json(problemBody("notFound", "No such resource."), 404, PROBLEM_HEADERS);
  };
