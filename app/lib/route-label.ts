/** Paths the service serves. Metrics and logs label a request by one of these or "unmatched". */
export const KNOWN_ROUTES = new Set(["/sum", "/health", "/ready", "/openapi.json", "/docs"]);

/**
 * The route label for a request path. No route has parameters, so a known path is its own
 * pattern; anything else collapses into one label and raw paths never reach a label or log.
 */
export function routeLabel(path: string): string {
  return KNOWN_ROUTES.has(path) ? path : "unmatched";
}
