import { Agent, request } from "node:http";
import { connect } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunk, rawConnection, waitFor } from "./support/served-app.js";
import { buildBundleOnce, startBundle, type RunningServer } from "./support/server-process.js";

const MiB = 1024 * 1024;
const PIECE = 64 * 1024;

/** POSTs `size` bytes with node:http, in 64 KiB writes honouring back-pressure; the answer, or what failed. */
function postWithNodeHttp(
  port: number,
  size: number,
  { chunked, agent, headers: extra = {} }: { chunked: boolean; agent: Agent | false; headers?: Record<string, string> },
) {
  return new Promise<{ status?: number; body?: string; error?: string }>((resolve) => {
    const headers: Record<string, string | number> = { "content-type": "application/json", ...extra };
    if (!chunked) headers["content-length"] = size;
    const req = request({ host: "127.0.0.1", port, path: "/sum", method: "POST", headers, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (text: string) => (body += text));
      res.on("end", () => resolve({ status: res.statusCode, body }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    const piece = Buffer.alloc(PIECE, "1");
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += PIECE;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

/**
 * POSTs `size` bytes as Python's urllib does: `Connection: close`, the whole body written before
 * a byte of the answer is read. The status line, or what failed.
 */
function postSendingFirst(port: number, size: number, headers: Record<string, string>) {
  return new Promise<string>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.pause();
    let text = "";
    let failure: string | undefined;
    socket.on("error", (error: NodeJS.ErrnoException) => (failure ??= error.code ?? error.message));
    socket.on("close", () => resolve(failure ?? (/^HTTP\/1\.1 \d{3}/.exec(text)?.[0] ?? "no answer")));
    const lines = Object.entries({ host: "t", connection: "close", "content-length": size, ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.write(`POST /sum HTTP/1.1\r\n${lines.join("")}\r\n`);
    const piece = Buffer.alloc(PIECE, "1");
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += PIECE;
        const last = sent >= size;
        const flowing = socket.write(piece, last ? () => readAnswer() : undefined);
        if (!flowing && !last) return void socket.once("drain", pump);
      }
    };
    const readAnswer = () => {
      socket.on("data", (chunk) => (text += chunk));
      socket.resume();
    };
    pump();
  });
}

/** POSTs `size` bytes with fetch, as one buffer (Content-Length) or as a stream (chunked). */
async function postWithFetch(port: number, size: number, { chunked }: { chunked: boolean }) {
  const piece = Buffer.alloc(PIECE, "1");
  const pieces = function* () {
    for (let sent = 0; sent < size; sent += PIECE) yield piece;
  };
  const body = chunked ? (Readable.toWeb(Readable.from(pieces())) as ReadableStream<Uint8Array>) : Buffer.alloc(size, "1");
  try {
    const init = { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" };
    const res = await fetch(`http://127.0.0.1:${port}/sum`, init as RequestInit);
    return { status: res.status, body: await res.text() };
  } catch (error) {
    return { error: String((error as { cause?: { code?: string } }).cause?.code ?? error) };
  }
}

/** The promise's value, or a failure once `ms` have passed. */
const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms).unref())]);

const TOO_LARGE = { status: 413, body: expect.stringContaining('"type":"urn:sum-platform:problem:payload-too-large"') };

// Against the bundle in its own process: a client sharing the server's event loop reads its
// answer in step with the server and never meets the race a real client loses.
beforeAll(() => buildBundleOnce());

describe("a refused upload still reads its refusal (lingering close)", () => {
  let served: RunningServer;
  beforeAll(async () => {
    served = await startBundle();
  });
  afterAll(() => void served.child.kill("SIGKILL"));

  describe.each([2 * MiB, 20 * MiB])("%d bytes over a 1 MiB limit", (size) => {
    it.each([false, true])("node:http, chunked: %s, with and without keep-alive", async (chunked) => {
      const keepAlive = new Agent({ keepAlive: true });
      // agent: false sends Connection: close, so the 413 is the connection's last answer.
      expect(await postWithNodeHttp(served.port, size, { chunked, agent: false })).toEqual(TOO_LARGE);
      expect(await postWithNodeHttp(served.port, size, { chunked, agent: keepAlive })).toEqual(TOO_LARGE);
      keepAlive.destroy();
    });

    it.each([false, true])("fetch, chunked: %s", async (chunked) => {
      expect(await postWithFetch(served.port, size, { chunked })).toEqual(TOO_LARGE);
    });
  });

  it("keeps the connection once the refused body has been read to its end", async () => {
    const conn = rawConnection(served.port);
    const head = "POST /sum HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    conn.socket.write(head + chunk("1".repeat(MiB)) + chunk("1".repeat(1024)));
    await waitFor(() => conn.received().includes("payload-too-large"));
    conn.socket.write(`${chunk("1".repeat(MiB))}0\r\n\r\nGET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`);
    expect(await conn.closed).toMatch(/^HTTP\/1\.1 413 [\s\S]*HTTP\/1\.1 200 OK[\s\S]*\{"status":"ok"\}$/);
  });
});

describe("refusals arrive to a client that reads only once it has sent everything", () => {
  let served: RunningServer;
  beforeAll(async () => {
    served = await startBundle({ GATEWAY_SECRET: "gw-secret-1" });
  });
  afterAll(() => void served.child.kill("SIGKILL"));

  it.each([
    ["too large", { "x-gateway-secret": "gw-secret-1", "content-type": "application/json" }, 413],
    ["without the gateway secret", { "content-type": "application/json" }, 403],
    ["not declared as JSON", { "x-gateway-secret": "gw-secret-1", "content-type": "text/plain" }, 415],
    ["compressed", { "x-gateway-secret": "gw-secret-1", "content-type": "application/json", "content-encoding": "br" }, 415],
  ])("to a client that sends 20 MiB %s before reading, on a connection asked to close", async (_, headers, status) => {
    expect(await postSendingFirst(served.port, 20 * MiB, headers)).toBe(`HTTP/1.1 ${status}`);
  });
});

describe("a shed upload still reads its refusal", () => {
  it("answers 503 to a client that sends 20 MiB before reading, while the one request allowed in flight waits for its body", async () => {
    const served = await startBundle({ MAX_REQUESTS_IN_FLIGHT: "1" });
    try {
      const holder = rawConnection(served.port);
      holder.socket.write("POST /sum HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{");
      // Until the holder's headers have arrived, a small probe may still be admitted.
      for (let tries = 0; (await postSendingFirst(served.port, 16, { "content-type": "application/json" })) !== "HTTP/1.1 503"; tries++) {
        expect(tries).toBeLessThan(100);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await postSendingFirst(served.port, 20 * MiB, { "content-type": "application/json" })).toBe("HTTP/1.1 503");
      holder.socket.destroy();
    } finally {
      served.child.kill("SIGKILL");
    }
  });
  it("keeps a kept-alive connection usable after shedding small requests: their bodies are dropped, the next request parsed", async () => {
    const served = await startBundle({ MAX_REQUESTS_IN_FLIGHT: "1" });
    try {
      const holder = rawConnection(served.port);
      holder.socket.write("POST /sum HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{");
      const body = '{"numbers":[1]}';
      const small = `POST /sum HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
      const client = rawConnection(served.port);
      // Answers follow each other's bodies directly: a status line is found anywhere.
      const answers = (): string[] => client.received().match(/HTTP\/1\.1 \d{3}/g) ?? [];
      // Until the holder's headers have arrived, a request may still be admitted; then all are shed.
      for (let sent = 1; !answers().includes("HTTP/1.1 503"); sent++) {
        expect(sent).toBeLessThan(100);
        client.socket.write(small);
        await waitFor(() => answers().length === sent);
      }
      const before = answers().length;
      client.socket.write(small + small);
      await waitFor(() => answers().length === before + 2);
      expect(answers().slice(before)).toEqual(["HTTP/1.1 503", "HTTP/1.1 503"]);
      expect(client.socket.destroyed).toBe(false);
      client.socket.destroy();
      holder.socket.destroy();
    } finally {
      served.child.kill("SIGKILL");
    }
  });
});

describe("reading a refused body is bounded", () => {
  it("cuts the connection past BODY_DISCARD_LIMIT_BYTES, after the 413 was sent", async () => {
    // A discard timeout far beyond the test's, so only the byte limit can end the connection.
    const served = await startBundle({ BODY_LIMIT_BYTES: "1024", BODY_DISCARD_LIMIT_BYTES: "65536", BODY_DISCARD_TIMEOUT_MS: "600000" });
    try {
      const conn = rawConnection(served.port);
      conn.socket.write(`POST /sum HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${100 * MiB}\r\n\r\n`);
      await waitFor(() => conn.received().includes("payload-too-large"));
      // Far more than the discard limit; the server stops reading and closes well before the end.
      const piece = Buffer.alloc(PIECE, "1");
      for (let i = 0; i < 64 && !conn.socket.destroyed; i++) conn.socket.write(piece);
      expect(await within(20_000, conn.closed)).toMatch(/^HTTP\/1\.1 413 /);
    } finally {
      served.child.kill("SIGKILL");
    }
  });

  it("cuts a refused body that trickles, after BODY_DISCARD_TIMEOUT_MS", async () => {
    const served = await startBundle({ BODY_LIMIT_BYTES: "1024", BODY_DISCARD_TIMEOUT_MS: "300" });
    try {
      const conn = rawConnection(served.port);
      conn.socket.write(`POST /sum HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n`);
      const trickle = setInterval(() => conn.socket.write("1"), 50);
      const text = await within(20_000, conn.closed).finally(() => clearInterval(trickle));
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
    } finally {
      served.child.kill("SIGKILL");
    }
  });
});
