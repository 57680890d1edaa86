import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env.js";

/**
 * A router whose routes share the app's variables. Routes validate their own input and answer a
 * bad one with respondValidationProblem (see sum.handlers.ts): no route hands a request schema to
 * `.openapi()`, whose validator would answer a bare 400 rather than the house's 422 problem.
 */
export const createRouter = () => new OpenAPIHono<AppEnv>({ strict: true });
