import type { OpenAPIHono } from "@hono/zod-openapi";

/** Per-request values the middleware chain sets for later ones. */
export type AppEnv = {
  Variables: {
    /** The caller's X-Request-Id when safe, else a fresh UUID. */
    requestId: string;
    /** Headers every answer carries (request id, nosniff, no-store). */
    standardHeaders: Record<string, string>;
    /** Set by respondJson: the answer already carries the standard headers. */
    standardHeadersApplied?: boolean;
    /** Kong's consumer name; set only on requests that passed the gateway check. */
    consumer?: string;
  };
};

export type AppOpenAPI = OpenAPIHono<AppEnv>;
