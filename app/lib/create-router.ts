import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env.js";
import { validationHook } from "./validation-hook.js";

/** A router whose routes share the app's variables and its 422 problem format. */
export const createRouter = () => new OpenAPIHono<AppEnv>({ strict: true, defaultHook: validationHook });
