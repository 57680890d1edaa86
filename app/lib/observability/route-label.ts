/** The label a request path gets when no route serves it. */
export const UNMATCHED = "unmatched";

/**
 * The route label of each request path, learned from the app's own routes: metrics and logs label
 * a request by the route it reached or "unmatched", so raw paths never reach a label or a log.
 * No route has parameters, so a served path is its own pattern and the lookup is one Set probe
 * per request; a route with a parameter is refused at app creation rather than counted as
 * unmatched in silence.
 */
export class RouteLabels {
  readonly #paths = new Set<string>();

  /** Learns the app's routes (`app.routes`); createApp calls it once every route is registered. */
  learn(routes: readonly { readonly path: string; readonly method: string }[]): void {
    for (const { path, method } of routes) {
      if (method === "ALL" && path.endsWith("*")) continue; // middleware, not a route
      if (/[:*]/.test(path)) {
        throw new Error(`Route ${method} ${path} has a parameter: label requests by the router's match (c.req.routePath), not by path`);
      }
      this.#paths.add(path);
    }
  }

  /** The label for a request path: the route's path, or "unmatched". */
  label(path: string): string {
    return this.#paths.has(path) ? path : UNMATCHED;
  }
}
