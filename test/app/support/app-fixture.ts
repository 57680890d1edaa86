import { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { createApp, type AppDeps } from "../../../app/app.js";
import { parseConfig } from "../../../app/config.js";

/** A logger whose JSON lines are kept in memory for assertions. */
export function memoryLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: "info" }, stream);
  const lines = () =>
    chunks
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

/** An app over the given environment variables and dependencies. */
export function testApp(env: Record<string, string> = {}, deps: Partial<AppDeps> = {}) {
  return createApp(parseConfig(env), deps);
}

/** POSTs a raw body to /sum as JSON unless told otherwise. */
export function postSum(
  app: ReturnType<typeof testApp>,
  body: RequestInit["body"],
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  return app.request("/sum", { method: "POST", body, headers });
}
