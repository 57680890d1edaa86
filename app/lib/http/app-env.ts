import type { HttpBindings } from "@hono/node-server";
import type { OpenAPIHono } from "@hono/zod-openapi";

/**
 * The Node request and response the adapter serves each request with (the body reader and the
 * header reader use them), and the per-request values the middleware chain sets for later ones.
 */
export type AppEnv = {
  Bindings: HttpBindings;
  Variables: {
    /** The caller's X-Request-Id when safe, else a fresh UUID. */
    requestId: string;
    /** Headers every answer carries (request id, nosniff, no-store). */
    standardHeaders: Record<string, string>;
    /** Kong's consumer name; set only on requests that passed the gateway check. */
    consumer?: string;
  };
};

export type AppOpenAPI = OpenAPIHono<AppEnv>;
