import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

/**
 * Serves `GET /metrics` (Prometheus text) on its own port, so the load balancer never exposes it.
 * Anything else is a plain 404.
 */
export function createMetricsServer(registry: Registry): Server {
  return createServer((req, res) => {
    if (req.method !== "GET" || req.url?.split("?", 1)[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n"),
    );
  });
}
