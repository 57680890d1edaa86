// Echo upstream for the local gateway only (never in kong/kong.yaml, so never
// in Konnect): answers every request with the method, path and headers it
// received, so the end-to-end suite sees exactly what Kong sends upstream,
// e.g. that key-auth's hide_credentials removed the `apikey` header.
//
// Runs in the service's own image: node kong/local/echo-upstream.mjs
// ECHO_HOST and ECHO_PORT choose where it listens (0.0.0.0:8080 by default).
import { Buffer } from "node:buffer";
import { createServer } from "node:http";

/** Bodies are drained, never kept: the echo holds no more than one chunk. */
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    const body = JSON.stringify({ method: request.method, path: request.url, headers: request.headers });
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
  });
});
server.requestTimeout = 30_000;

const host = process.env.ECHO_HOST || "0.0.0.0";
const port = Number(process.env.ECHO_PORT || 8080);
server.listen(port, host, () => {
  const address = server.address();
  console.warn(`echo-upstream: listening on ${typeof address === "object" && address ? address.port : port}`);
});
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close());
