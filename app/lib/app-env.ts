import type { OpenAPIHono } from "@hono/zod-openapi";
import type { RequestIdVariables } from "hono/request-id";

/** Per-request values the middleware chain sets for later ones. */
export type AppEnv = {
  Variables: RequestIdVariables & {
    /** Kong's consumer name; set only on requests that passed the gateway check. */
    consumer?: string;
  };
};

export type AppOpenAPI = OpenAPIHono<AppEnv>;
