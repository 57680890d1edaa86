import type { NotFoundHandler } from "hono";
import type { AppEnv } from "../lib/http/app-env.js";
import { respondProblem } from "../lib/http/respond.js";

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
      return respondProblem(c, "methodNotAllowed", detail, { headers: { allow: allowed.join(", ") } });
    }
    return respondProblem(c, "notFound", "No such resource.");
  };
