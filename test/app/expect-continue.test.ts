import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawConnection, serveApp, type ServedApp, waitFor } from "./support/served-app.js";

const SECRET = "gw-secret-for-continue";
const BODY = '{"numbers":[1,2]}';

/**
 * Sends the head of a request expecting `100 Continue`, and the body only once it is asked for;
 * what came back before the connection closed or the final answer arrived.
 */
async function expectContinue(port: number, headers: Record<string, string | number>) {
  const conn = rawConnection(port);
  const lines = Object.entries({ host: "t", expect: "100-continue", connection: "close", ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
  conn.socket.write(`POST /sum HTTP/1.1\r\n${lines.join("")}\r\n`);
  await waitFor(() => /HTTP\/1\.1 [2-5]\d\d /.test(conn.received()) || conn.received().startsWith("HTTP/1.1 100 "));
  if (conn.received().startsWith("HTTP/1.1 100 ")) conn.socket.end(BODY);
  return conn.closed;
}

describe("Expect: 100-continue", () => {
  let served: ServedApp;
  beforeAll(async () => {
    served = await serveApp({ GATEWAY_SECRET: SECRET, BODY_LIMIT_BYTES: "1024" });
  });
  afterAll(() => served.close());
  const json = { "content-type": "application/json", "x-gateway-secret": SECRET, "content-length": BODY.length };

  it("asks for the body of an acceptable request, then answers it", async () => {
    const text = await expectContinue(served.port, json);
    expect(text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK[\s\S]*\{"sum":3,"count":2\}$/);
  });

  it.each([
    ["too large by Content-Length", { ...json, "content-length": 2048 }, 413],
    ["not JSON", { ...json, "content-type": "text/plain" }, 415],
    ["compressed", { ...json, "content-encoding": "gzip" }, 415],
    ["without the gateway secret", { "content-type": "application/json", "content-length": BODY.length }, 403],
    ["with a wrong gateway secret", { ...json, "x-gateway-secret": "guess" }, 403],
  ])("refuses a request %s with its final status, never 100 Continue", async (_, headers, status) => {
    const text = await expectContinue(served.port, headers);
    expect(text).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(text).not.toContain("100 Continue");
    expect(text).toContain("application/problem+json");
  });
});
