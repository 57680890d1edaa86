import { createRoute, z } from "@hono/zod-openapi";
import { PROBE_PATHS } from "../../lib/http/probe-paths.js";
import { problemResponseSpec } from "../../lib/http/problem-responses.js";

const StatusSchema = z.object({ status: z.string().openapi({ example: "ok" }) }).openapi("Status");

export const healthRoute = createRoute({
  method: "get",
  path: PROBE_PATHS.health,
  tags: ["Operations"],
  summary: "Liveness",
  description: "200 while the process runs (liveness). Used by the container health check; needs no gateway secret.",
  responses: { 200: { description: "Alive", content: { "application/json": { schema: StatusSchema } } } },
});

export const readyRoute = createRoute({
  method: "get",
  path: PROBE_PATHS.ready,
  tags: ["Operations"],
  summary: "Readiness",
  description: "200 when the service can serve (gateway secret loaded, not draining). Used by the load balancer; needs no gateway secret.",
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: StatusSchema } } },
    503: problemResponseSpec("Not ready: the gateway secret is not loaded yet, or the service is shutting down"),
  },
});

export type HealthRoute = typeof healthRoute;
export type ReadyRoute = typeof readyRoute;
