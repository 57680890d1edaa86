import { createAdaptorServer } from "@hono/node-server";
import { createServer, type RequestListener, type Server, type ServerOptions } from "node:http";
import type { AddressInfo } from "node:net";
import { deferContinue } from "../body/expect-continue.js";

/** serve()'s options for node:http, but for the clean-up of unread bodies, which is set here. */
type ServeNodeOptions = Pick<Parameters<typeof createAdaptorServer>[0], "fetch"> & {
  readonly hostname: string;
  readonly port: number;
  /**
   * Connections the kernel may queue before the server accepts them (Linux caps it at
   * net.core.somaxconn). Node's 511 overflows when a burst of new connections meets a busy
   * loop, and a dropped SYN is retried only after 1 s, then 3 s: a health check then times out.
   * @default 511
   */
  readonly backlog?: number;
  readonly serverOptions?: ServerOptions;
  /** Wraps the adapter's request listener (admission control). @default none */
  readonly guard?: (listener: RequestListener) => RequestListener;
};

/**
 * Serves the app with node:http as the body reader expects: `Expect: 100-continue` answered only
 * when the body is read (expect-continue.ts), and the adapter's clean-up of unread bodies off,
 * since it cuts a body after 500 ms: the reader drops refused bodies itself within its limits
 * (discard-body.ts), and Node discards bodies nobody read, keeping the connection.
 *
 * @example
 * const server = serveNode({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
 */
export function serveNode(options: ServeNodeOptions, onListening?: (info: AddressInfo) => void): Server {
  const { guard, ...serve } = options;
  const createServerGuarded = guard && (((serverOptions: ServerOptions, listener: RequestListener) => createServer(serverOptions, guard(listener))) as typeof createServer);
  const server = createAdaptorServer({ ...serve, autoCleanupIncoming: false, ...(createServerGuarded && { createServer: createServerGuarded }) }) as Server;
  deferContinue(server);
  server.listen({ port: options.port, host: options.hostname, backlog: options.backlog ?? 511 }, () => onListening?.(server.address() as AddressInfo));
  return server;
}
