import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { openLoop } from "../../bench/open-loop.js";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(listener: RequestListener): Promise<number> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** Answers each POST after reading its whole body, with the status the body's length picks. */
const echoLength: RequestListener = (req, res) => {
  let size = 0;
  req.on("data", (chunk: Buffer) => (size += chunk.length));
  req.on("end", () => {
    res.writeHead(size === 5 ? 200 : 400, { "content-type": "application/json" });
    res.end(JSON.stringify({ size, secret: req.headers["x-secret"] }));
  });
};

const run = (port: number, options: Partial<Parameters<typeof openLoop>[3]> = {}) =>
  openLoop(port, Buffer.from("[1,2]"), { "x-secret": "s" }, { rate: 200, seconds: 0.5, connections: 20, timeoutMs: 5_000, ...options });

describe("the open-loop generator", () => {
  it("sends every due request with its body and headers and reads every answer's status", async () => {
    const seen: string[] = [];
    const port = await serve((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers["x-secret"]} ${req.headers["content-type"]}`);
      echoLength(req, res);
    });
    const result = await run(port);
    expect(result.statuses.length).toBeGreaterThan(50);
    expect([...result.statuses].every((status) => status === 200)).toBe(true);
    expect(result.errors).toBe(0);
    expect(new Set(seen)).toEqual(new Set(["POST /sum s application/json"]));
    expect(seen).toHaveLength(result.statuses.length);
  });

  it("reads chunked answers and answers that close their connection", async () => {
    let n = 0;
    const port = await serve((req, res) => {
      req.resume();
      req.on("end", () => {
        // Alternately a chunked answer (no length) and a last answer on its connection.
        if (n++ % 2 === 0) {
          res.writeHead(503, { "content-type": "application/json" });
          res.write('{"a":');
          res.end("1}");
        } else {
          res.writeHead(200, { connection: "close", "content-length": "2" });
          res.end("{}");
        }
      });
    });
    const result = await run(port);
    const statuses = [...result.statuses];
    expect(statuses.filter((status) => status === 0)).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([200, 503]));
  });

  it("charges a request for the time it waited for a connection, from its due time", async () => {
    const port = await serve((req, res) => {
      req.resume();
      req.on("end", () => setTimeout(() => res.end("{}"), 100));
    });
    // One connection, 100 ms an answer, 20 due per second for 0.5 s: the later ones queue here.
    const result = await run(port, { rate: 20, connections: 1 });
    const latencies = [...result.latencies];
    expect(latencies[0]).toBeGreaterThanOrEqual(90);
    expect(Math.max(...latencies)).toBeGreaterThan(300);
  });

  it("counts as unanswered a request with no answer within its timeout", async () => {
    const port = await serve((req) => void req.resume());
    const result = await run(port, { rate: 10, seconds: 0.3, timeoutMs: 300 });
    expect(result.statuses.length).toBeGreaterThan(0);
    expect([...result.statuses].every((status) => status === 0)).toBe(true);
    expect(result.errors).toBe(result.statuses.length);
  });
});
