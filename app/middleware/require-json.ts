import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/app-env.js";
import { respondProblem } from "../lib/respond.js";

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/i;

/**
 * Answers 415 before any byte of the body is read unless the request declares a JSON media type
 * (`application/json` or `application/*+json`, parameters such as charset allowed).
 *
 * @example
 * app.post("/sum", requireJson(), handler);
 */
export const requireJson = (): MiddlewareHandler<AppEnv> =>
  async function requireJson(c, next) {
    const header = c.req.header("content-type") ?? "";
    const mediaType = header.split(";", 1)[0]!.trim();
    if (JSON_MEDIA_TYPE.test(mediaType)) return next();
    const detail = header ? `Content-Type ${mediaType.slice(0, 100)} is not supported; send application/json.` : "Content-Type is missing; send application/json.";
    return respondProblem(c, "unsupportedMediaType", detail);
  };
