import { get } from "node:http";

/**
 * Container health check without curl: exit 0 when GET /health on this container answers 200.
 * Run as `node dist/healthcheck.js`; honours PORT like the server does.
 */
const port = Number(process.env.PORT ?? 8080);
const request = get({ host: "127.0.0.1", port, path: "/health", timeout: 2_000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
request.on("timeout", () => request.destroy(new Error("timed out")));
request.on("error", (error) => {
  console.error(`healthcheck: ${error.message}`);
  process.exit(1);
});
