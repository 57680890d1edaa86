import { afterEach, describe, expect, it } from "vitest";
import { BodyBudget } from "../../app/lib/load-shedding/body-budget.js";
import { chunk, rawConnection, serveApp, type ServedApp, waitFor } from "./support/served-app.js";

/** A budget that remembers the most it ever held. */
class WatchedBudget extends BodyBudget {
  peak = 0;
  override tryReserve(bytes: number): boolean {
    const fits = super.tryReserve(bytes);
    this.peak = Math.max(this.peak, this.inFlightBytes);
    return fits;
  }
}

const LIMIT = 16 * 1024;
const head = (length: number | "chunked", extra = "") =>
  `POST /sum HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n${extra}` +
  (length === "chunked" ? "Transfer-Encoding: chunked\r\n\r\n" : `Content-Length: ${length}\r\n\r\n`);
/** A valid body of exactly `length` bytes: {"numbers":[1,1,...,1]} padded with spaces. */
const validBody = (length: number) => {
  const body = `{"numbers":[${Array(Math.floor((length - 14) / 2)).fill(1).join(",")}]}`;
  return body + " ".repeat(length - body.length);
};

let served: ServedApp | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe("the process-wide body budget", () => {
  it("refuses a body that does not fit with 503 and Retry-After, serves probes meanwhile, and returns to zero however bodies end", async () => {
    const budget = new BodyBudget(2 * LIMIT);
    served = await serveApp({ BODY_LIMIT_BYTES: String(LIMIT), BODY_BUDGET_BYTES: String(2 * LIMIT) }, { bodyBudget: budget });
    const { port } = served;
    // Two slow uploads declare the limit each and hold the whole budget.
    const finishes = rawConnection(port);
    const abandons = rawConnection(port);
    const body = validBody(LIMIT);
    finishes.socket.write(head(LIMIT) + body.slice(0, 100));
    abandons.socket.write(head(LIMIT) + body.slice(0, 100));
    await waitFor(() => budget.inFlightBytes === 2 * LIMIT);

    const declared = await fetch(`http://127.0.0.1:${port}/sum`, { method: "POST", headers: { "content-type": "application/json" }, body: validBody(100) });
    expect(declared.status).toBe(503);
    expect(declared.headers.get("content-type")).toBe("application/problem+json");
    expect(declared.headers.get("retry-after")).toBe("1");
    expect(await declared.json()).toMatchObject({ type: "urn:sum-platform:problem:body-budget-exhausted", status: 503 });

    const streamed = rawConnection(port);
    streamed.socket.end(`${head("chunked", "Connection: close\r\n")}${chunk(validBody(100))}0\r\n\r\n`);
    expect(await streamed.closed).toMatch(/^HTTP\/1\.1 503 [\s\S]*retry-after: 1/i);

    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);

    finishes.socket.end(body.slice(100));
    expect(await finishes.closed).toMatch(/^HTTP\/1\.1 200 /);
    abandons.socket.destroy();
    await waitFor(() => budget.inFlightBytes === 0);
  });

  it("gives back what a chunked body reserved when the client goes away or the server cuts it", async () => {
    const budget = new BodyBudget(64 * LIMIT);
    served = await serveApp({ BODY_LIMIT_BYTES: String(LIMIT) }, { bodyBudget: budget });
    const goesAway = rawConnection(served.port);
    goesAway.socket.write(head("chunked") + chunk('{"numbers":[1,') + chunk("2,".repeat(4000)));
    const cut = rawConnection(served.port);
    cut.socket.write(head("chunked") + chunk('{"numbers":[1,') + chunk("2,".repeat(4000)));
    await waitFor(() => budget.inFlightBytes >= 2 * 8002);
    goesAway.socket.destroy();
    // What a request timeout does: the server ends the connection under the reader.
    served.server.closeAllConnections();
    await cut.closed;
    await waitFor(() => budget.inFlightBytes === 0);
  });

  it("gives back what a too-large body reserved, and what a refused one never took", async () => {
    const budget = new BodyBudget(64 * LIMIT);
    served = await serveApp({ BODY_LIMIT_BYTES: String(LIMIT) }, { bodyBudget: budget });
    const over = rawConnection(served.port);
    over.socket.write(head("chunked", "Connection: close\r\n") + chunk("1".repeat(LIMIT - 10)) + chunk("1".repeat(100)));
    await waitFor(() => over.received().includes("payload-too-large"));
    over.socket.end("0\r\n\r\n");
    await over.closed;
    const declared = rawConnection(served.port);
    declared.socket.end(head(LIMIT + 1, "Connection: close\r\n") + "1".repeat(LIMIT + 1));
    expect(await declared.closed).toMatch(/^HTTP\/1\.1 413 /);
    expect(budget.inFlightBytes).toBe(0);
  });
});

describe("memory per body, however it is chunked", () => {
  it("holds a body sent as 1-byte chunks in one buffer: what it reserves stays within the body limit", async () => {
    const budget = new WatchedBudget(64 * LIMIT);
    served = await serveApp({ BODY_LIMIT_BYTES: String(LIMIT) }, { bodyBudget: budget });
    const body = validBody(LIMIT);
    const conn = rawConnection(served.port);
    // One write of 16,384 one-byte chunks: Node hands the reader one Buffer per chunk.
    conn.socket.end(head("chunked", "Connection: close\r\n") + [...body].map(chunk).join("") + "0\r\n\r\n");
    const answer = await conn.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain(`"count":${Math.floor((LIMIT - 14) / 2)}`);
    expect(budget.peak).toBeGreaterThan(0);
    expect(budget.peak).toBeLessThanOrEqual(LIMIT);
    expect(budget.inFlightBytes).toBe(0);
  });

  it("reserves a declared length once, and reads a body split anywhere", async () => {
    const budget = new WatchedBudget(64 * LIMIT);
    served = await serveApp({ BODY_LIMIT_BYTES: String(LIMIT) }, { bodyBudget: budget });
    const body = JSON.stringify({ numbers: [1e16, 1, -1e16, 0.5] });
    const conn = rawConnection(served.port);
    conn.socket.write(head(body.length, "Connection: close\r\n") + body.slice(0, 7));
    await waitFor(() => budget.inFlightBytes === body.length);
    conn.socket.write(body.slice(7, 8));
    conn.socket.end(body.slice(8));
    expect(await conn.closed).toContain('{"sum":1.5,"count":4}');
    expect(budget.peak).toBe(body.length);
    expect(budget.inFlightBytes).toBe(0);
  });
});
