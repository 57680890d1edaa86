import { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { createApp, type AppDeps } from "../../../app/app.js";
import { parseConfig } from "../../../app/config.js";
import { type InProcessApp, inProcess } from "./served-app.js";

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

/** An app over the given environment variables and dependencies, served in this process as in production. */
export function testApp(env: Record<string, string> = {}, deps: Partial<AppDeps> = {}): InProcessApp {
  return inProcess(createApp(parseConfig(env), deps));
}

/** POSTs a raw body to /sum as JSON unless told otherwise. */
export function postSum(
  app: InProcessApp,
  body: RequestInit["body"],
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  return app.request("/sum", { method: "POST", body, headers });
}
