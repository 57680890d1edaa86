/**
 * `npm run kong:render [-- --out <file>]`: writes the DB-less variant of
 * kong/kong.yaml for open-source Kong 3.9, reading the same DECK_* variables
 * as a decK sync. Exits 1 with a one-line reason when it cannot.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { KONG_SOURCE_PATH } from "./lib/declarative-config.js";
import { renderDbless } from "./lib/render-dbless.js";

export const DEFAULT_RENDERED_PATH = "kong/rendered/kong.yaml";

function main(): void {
  const { values } = parseArgs({
    options: {
      source: { type: "string", default: KONG_SOURCE_PATH },
      out: { type: "string", default: DEFAULT_RENDERED_PATH },
    },
  });
  const source = values.source;
  const out = values.out;
  const { yaml } = renderDbless(readFileSync(source, "utf8"), process.env, { source });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, yaml);
  console.log(`kong:render: wrote ${out}`);
}

try {
  main();
} catch (error) {
  console.error(`kong:render: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
