import { once } from "node:events";
import { describe, expect, it } from "vitest";
import type { Problem } from "../../app/lib/http/problem.js";
import { memoryLogger, postSum, testApp } from "./support/app-fixture.js";
import { chunk, rawConnection, serveApp, waitFor } from "./support/served-app.js";

const json = (value: unknown) => JSON.stringify(value);

async function expectProblem(res: Response, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.headers.get("x-request-id")).toBeTruthy();
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("cache-control")).toBe("no-store");
  const body = (await res.json()) as Required<Problem>;
  expect(body).toMatchObject({ type: `urn:sum-platform:problem:${type}`, status, title: expect.any(String), detail: expect.any(String) });
  return body;
}

describe("POST /sum errors", () => {
  const app = testApp({ BODY_LIMIT_BYTES: "64" });

  it("400 for malformed JSON", async () => {
    await expectProblem(await postSum(app, '{"numbers": [1,'), 400, "malformed-json");
  });

  it("415 for a missing or non-JSON content type, before reading the body", async () => {
    await expectProblem(await postSum(app, json({ numbers: [1] }), { "content-type": "text/plain" }), 415, "unsupported-media-type");
    await expectProblem(await postSum(app, json({ numbers: [1] }), {}), 415, "unsupported-media-type");
  });

  it("413 for a declared length over the limit", async () => {
    await expectProblem(await postSum(app, json({ numbers: Array(40).fill(1) })), 413, "payload-too-large");
  });

  it("413 for a streamed body over the limit, answered while the body is still arriving", async () => {
    // The body never ends: the answer can only arrive if the service refuses it part way. The
    // service then reads on (to a small discard limit here) and cuts the connection.
    const cutting = testApp({ BODY_LIMIT_BYTES: "64", BODY_DISCARD_LIMIT_BYTES: "1024" });
    const chunk = new TextEncoder().encode('{"numbers":[' + "1,".repeat(16));
    const endless = new ReadableStream<Uint8Array>({ pull: (controller) => controller.enqueue(chunk) });
    const res = await cutting.request("/sum", { method: "POST", body: endless, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit);
    await expectProblem(res, 413, "payload-too-large");
  });

  it("accepts a streamed body under the limit", async () => {
    const body = new Blob([json({ numbers: [1, 2] })]).stream();
    const res = await app.request("/sum", {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(await res.json()).toEqual({ sum: 3, count: 2 });
  });

  it("400, not a 5xx, when the client goes away part way through the body", async () => {
    const { logger, lines } = memoryLogger();
    const { server, port, close } = await serveApp({}, { logger });
    try {
      const client = rawConnection(port);
      const received = once(server, "request");
      client.socket.write(`POST /sum HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunk('{"numbers":[1,')}`);
      await received;
      client.socket.destroy();
      await waitFor(() => lines().some((line) => line.event === "request"));
      expect(lines().find((line) => line.event === "request")).toMatchObject({ route: "/sum", status: 400 });
    } finally {
      await close();
    }
  });

  it("ignores a leading byte order mark, as RFC 8259 allows", async () => {
    const res = await postSum(app, `\uFEFF${json({ numbers: [1, 2] })}`);
    expect(await res.json()).toEqual({ sum: 3, count: 2 });
  });

  it.each([
    { name: "a body that is not an object", body: [1, 2], pointer: "" },
    { name: "a missing numbers field", body: {}, pointer: "/numbers" },
    { name: "numbers that is not an array", body: { numbers: "1,2" }, pointer: "/numbers" },
    { name: "an empty list", body: { numbers: [] }, pointer: "/numbers" },
    { name: "a non-number element", body: { numbers: [1, 2, 3, "4"] }, pointer: "/numbers/3" },
    { name: "a null element", body: { numbers: [null] }, pointer: "/numbers/0" },
    { name: "an unknown field", body: { numbers: [1], "a/b~": true }, pointer: "/a~1b~0" },
  ])("422 with a JSON pointer for $name", async ({ body, pointer }) => {
    const problem = await expectProblem(await postSum(app, json(body)), 422, "validation-failed");
    expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
  });

  it("422 for a number literal beyond the double range", async () => {
    const problem = await expectProblem(await postSum(app, '{"numbers":[1e999]}'), 422, "validation-failed");
    expect(problem.errors[0]?.pointer).toBe("/numbers/0");
  });

  it("422, not Infinity, for a sum beyond the double range", async () => {
    const problem = await expectProblem(await postSum(app, json({ numbers: [1.7e308, 1.7e308] })), 422, "sum-out-of-range");
    expect(problem.errors).toEqual([{ pointer: "/numbers", detail: expect.any(String) }]);
  });

  it("lists at most 20 errors and says how many there were", async () => {
    const wide = testApp();
    const problem = await expectProblem(await postSum(wide, json({ numbers: Array(500).fill("x") })), 422, "validation-failed");
    expect(problem.errors).toHaveLength(20);
    expect(problem.detail).toContain("500");
  });

  it("404 for an unknown path", async () => {
    await expectProblem(await app.request("/sums"), 404, "not-found");
  });

  it("405 with Allow for a known path and the wrong method", async () => {
    const res = await app.request("/sum");
    await expectProblem(res, 405, "method-not-allowed");
    expect(res.headers.get("allow")).toBe("POST");
    const health = await app.request("/health", { method: "POST" });
    expect(health.status).toBe(405);
    expect(health.headers.get("allow")).toBe("GET, HEAD");
  });
});
