// Bundles the service and its health check into dist/ with everything inlined, so the runtime
// image needs no node_modules. Logging uses no worker transport, so nothing is left outside.
import { build } from "esbuild";
import { rm } from "node:fs/promises";

await rm("dist", { recursive: true, force: true });
await build({
  entryPoints: { server: "app/server.ts", healthcheck: "app/healthcheck.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // ES module builds first (the AWS SDK ships both): they tree-shake, so the bundle is smaller and
  // the service holds less resident memory at start and under load (docs/performance.md,
  // "Performance rules"; the measurements in docs/adr/0002-performance-rules.md).
  mainFields: ["module", "main"],
  sourcemap: true,
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
  // CommonJS dependencies (pino, prom-client) call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
console.log("built dist/server.js and dist/healthcheck.js");
