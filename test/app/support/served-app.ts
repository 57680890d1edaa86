import { once } from "node:events";
import { afterAll } from "vitest";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";
import { createApp, type AppDeps } from "../../../app/app.js";
import { parseConfig } from "../../../app/config.js";
import { serveNode } from "../../../app/lib/http/serve-node.js";

export type ServedApp = { server: Server; port: number; close: () => Promise<void> };

/** The app served in this process by node:http as in production (serve-node.ts), on 127.0.0.1. */
export function serveApp(env: Record<string, string> = {}, deps: Partial<AppDeps> = {}): Promise<ServedApp> {
  return listen(createApp(parseConfig(env), deps).fetch);
}

type FetchHandler = Parameters<typeof serveNode>[0]["fetch"];
type ServableApp = ReturnType<typeof createApp>;

async function listen(fetchHandler: FetchHandler): Promise<ServedApp> {
  const server = serveNode({ fetch: fetchHandler, hostname: "127.0.0.1", port: 0 });
  if (!server.listening) await once(server, "listening");
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { server, port: (server.address() as AddressInfo).port, close };
}

/** What a test sends requests to: the app behind node:http and the adaptor, as production serves it. */
export type InProcessApp = {
  /** The routes the app registers. */
  readonly routes: ServableApp["routes"];
  /** Like Hono's `app.request()`, but over a 127.0.0.1 socket, so the production readers run. */
  request(path: string, init?: RequestInit): Promise<Response>;
};

const servedThisFile = new Set<Promise<ServedApp>>();
// Registered when a test file first imports this module: the file's servers close with it.
afterAll(async () => {
  const servers = await Promise.all(servedThisFile);
  servedThisFile.clear();
  await Promise.all(servers.map((served) => served.close()));
});

/**
 * Serves an app in this process through serve-node.ts on port 0, started on the first request
 * and closed after the test file.
 *
 * @example
 * const res = await inProcess(createApp(parseConfig({}))).request("/health");
 */
export function inProcess(app: ServableApp): InProcessApp {
  let served: Promise<ServedApp> | undefined;
  return {
    routes: app.routes,
    async request(path, init) {
      if (!served) servedThisFile.add((served = listen(app.fetch)));
      const { port } = await served;
      return fetch(`http://127.0.0.1:${port}${path}`, init);
    },
  };
}

/** A raw HTTP/1.1 connection: the test decides exactly when each byte is sent and sees every byte back. */
export function rawConnection(port: number) {
  const socket: Socket = connect(port, "127.0.0.1");
  let text = "";
  socket.on("data", (chunk) => (text += chunk));
  // A cut connection (a reset) is an outcome the tests look at, not a failure.
  socket.on("error", () => {});
  const closed = new Promise<string>((resolve) => socket.on("close", () => resolve(text)));
  return { socket, received: () => text, closed };
}

/** Polls until the condition holds; generous, for a loaded machine. */
export async function waitFor(condition: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One chunk of a chunked body. */
export const chunk = (data: string) => `${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`;
