/**
 * The paths the load balancer and the container health check probe. They never need the gateway
 * secret and are never shed: a busy or locked-down task must still say whether it lives and can serve.
 */
export const PROBE_PATHS = { health: "/health", ready: "/ready" } as const;

/** Both probe paths, for the middleware that lets them through. */
export const probePaths: readonly string[] = Object.values(PROBE_PATHS);
