import { once } from "node:events";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StaticSecretSource } from "../../app/gateway/static-secret-source.js";
import { createShutdown } from "../../app/graceful-shutdown.js";
import { DrainState } from "../../app/lib/http/drain-state.js";
import { memoryLogger } from "./support/app-fixture.js";

const servers: Server[] = [];

/** A server on 127.0.0.1 whose /slow answers only when `release` is called, and one request to it. */
async function serverWithRequestInFlight() {
  let release = () => {};
  const server = createServer((req, res) => {
    release = () => res.end("done");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const answered = new Promise<string>((resolve) => {
    request({ host: "127.0.0.1", port, path: "/slow", agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk)).on("end", () => resolve(body));
    })
      .on("error", (error) => resolve(`error: ${error.message}`))
      .end();
  });
  await once(server, "request");
  return { server, answered, release: () => release() };
}

function drainOf(server: Server, timeoutMs: number) {
  const { logger, lines } = memoryLogger();
  const exit = vi.fn();
  const secretSource = new StaticSecretSource("s");
  const stop = vi.spyOn(secretSource, "stop");
  const drainState = new DrainState();
  const metricsServer = createServer();
  const shutdown = createShutdown({ server, metricsServer, drainState, secretSource, logger, timeoutMs, exit });
  const messages = () => lines().map((line) => line.msg);
  return { shutdown, exit, stop, drainState, messages };
}

describe("graceful shutdown", () => {
  afterEach(() => {
    for (const server of servers.splice(0)) server.closeAllConnections();
  });

  it("lets the request in flight finish, then exits with the code asked for, logging only 'drained'", async () => {
    const { server, answered, release } = await serverWithRequestInFlight();
    const { shutdown, exit, stop, drainState, messages } = drainOf(server, 10_000);
    shutdown("SIGTERM", 0);
    expect(drainState.isDraining).toBe(true);
    expect(stop).toHaveBeenCalled();
    release();
    expect(await answered).toBe("done");
    await vi.waitFor(() => expect(exit).toHaveBeenCalled());
    expect(exit.mock.calls).toEqual([[0]]);
    expect(messages()).toContain("drained; exiting");
    expect(messages()).not.toContain("drain budget exceeded; closing remaining connections");
  });

  it("past the budget cuts the stuck request and exits 1, never also claiming it drained", async () => {
    const { server, answered } = await serverWithRequestInFlight();
    const { shutdown, exit, messages } = drainOf(server, 100);
    const closed = once(server, "close");
    shutdown("SIGTERM", 0);
    expect(await answered).toMatch(/^error: /);
    // By now server.close() has called back too: the drain's own end is what is checked.
    await closed;
    expect(exit.mock.calls).toEqual([[1]]);
    expect(messages()).toContain("drain budget exceeded; closing remaining connections");
    expect(messages()).not.toContain("drained; exiting");
  });

  it("drains once however many signals arrive", async () => {
    const { server, release } = await serverWithRequestInFlight();
    const { shutdown, exit, messages } = drainOf(server, 10_000);
    shutdown("SIGTERM", 0);
    shutdown("SIGINT", 0);
    shutdown("uncaughtException", 1);
    release();
    await vi.waitFor(() => expect(exit).toHaveBeenCalled());
    expect(exit.mock.calls).toEqual([[0]]);
    expect(messages().filter((msg) => String(msg).startsWith("draining"))).toHaveLength(1);
  });
});
