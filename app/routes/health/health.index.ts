import type { SecretSource } from "../../gateway/secret-source.js";
import { createRouter } from "../../lib/http/create-router.js";
import type { DrainState } from "../../lib/http/drain-state.js";
import { createReadyHandler, health } from "./health.handlers.js";
import { healthRoute, readyRoute } from "./health.routes.js";

/** /health and /ready, the probes. */
export const createHealthRouter = (deps: { secretSource: SecretSource; drainState: DrainState }) =>
  createRouter().openapi(healthRoute, health).openapi(readyRoute, createReadyHandler(deps));
