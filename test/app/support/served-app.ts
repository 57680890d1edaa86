import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";
import { createApp, type AppDeps } from "../../../app/app.js";
import { parseConfig } from "../../../app/config.js";
import { serveNode } from "../../../app/lib/serve-node.js";

export type ServedApp = { server: Server; port: number; close: () => Promise<void> };

/** The app served in this process by node:http as in production (serve-node.ts), on 127.0.0.1. */
export async function serveApp(env: Record<string, string> = {}, deps: Partial<AppDeps> = {}): Promise<ServedApp> {
  const app = createApp(parseConfig(env), deps);
  const server = serveNode({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  if (!server.listening) await once(server, "listening");
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { server, port: (server.address() as AddressInfo).port, close };
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
