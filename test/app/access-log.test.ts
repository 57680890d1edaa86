import { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { describe, expect, it } from "vitest";
import { BatchedStdout } from "../../app/lib/observability/batched-stdout.js";
import { createLogger } from "../../app/lib/observability/logger.js";
import { postSum, testApp } from "./support/app-fixture.js";

/** A logger like the server's (base bindings, info level) with a fixed clock, and its raw output. */
function capturedLogger(level: "info" | "warn" = "info") {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level, base: { service: "sum-service" }, timestamp: () => ',"time":1700000000000' }, sink);
  return { logger, output: () => chunks.join("") };
}

/** The server's own logger (createLogger, the server's options), writing through its batched destination. */
function serviceLogger() {
  const written: string[] = [];
  const sink = { write: (chunk: string | Uint8Array, callback?: () => void) => (written.push(String(chunk)), callback?.(), true) };
  const logger = createLogger("info", new BatchedStdout({ sink }));
  const lines = async () => {
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    return written.join("").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  return { logger, lines };
}

/** Through a gated app: a sum with Kong's request id and consumer, then an unknown method, refused. */
async function sumThenRefusal(logger: Logger) {
  const app = testApp({ GATEWAY_SECRET: "s" }, { logger });
  const headers = { "content-type": "application/json", "x-gateway-secret": "s", "x-request-id": "kong-1234", "x-consumer-username": "team.a@example" };
  await postSum(app, JSON.stringify({ numbers: [1, 2] }), headers);
  await app.request("/unknown", { method: "PROPFIND" });
}

describe("the access line", () => {
  it("is byte for byte the line pino writes for the same fields", async () => {
    const { logger, output } = capturedLogger();
    await sumThenRefusal(logger);
    const written = output().split("\n").filter(Boolean);
    expect(written).toHaveLength(3); // the sum, the refusal's warning, the refusal's access line
    const reference = capturedLogger();
    const child = reference.logger.child({ event: "request" });
    for (const line of [written[0]!, written[2]!]) {
      const { level: _level, time: _time, service: _service, event: _event, msg: _msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
      child.info(fields, "request");
    }
    expect(reference.output().split("\n").filter(Boolean)).toEqual([written[0], written[2]]);
    expect(JSON.parse(written[0]!)).toMatchObject({ requestId: "kong-1234", consumer: "team.a@example", route: "/sum", status: 200 });
    expect(JSON.parse(written[2]!)).toMatchObject({ method: "PROPFIND", route: "unmatched", status: 403 });
  });

  it("follows the logger's level, including changes after the app is built", async () => {
    const { logger, output } = capturedLogger("warn");
    const app = testApp({}, { logger });
    await postSum(app, JSON.stringify({ numbers: [1] }));
    expect(output()).toBe("");
    logger.level = "info";
    await postSum(app, JSON.stringify({ numbers: [1] }));
    expect(output()).toContain('"event":"request"');
  });

  it("goes through the server's batched destination as whole lines", async () => {
    const { logger, lines } = serviceLogger();
    const app = testApp({}, { logger });
    await postSum(app, JSON.stringify({ numbers: [1] }));
    expect(await lines()).toEqual([expect.objectContaining({ level: 30, service: "sum-service", event: "request", route: "/sum", status: 200, msg: "request" })]);
  });

  // access-log.ts writes its line without going through logger.info, so whatever createLogger adds
  // to info lines (redact, mixin, formatters, serializers, hooks, a message key) would be skipped.
  it("is what the service's own logger writes for the same fields, so nothing createLogger adds is skipped", async () => {
    const { logger, lines } = serviceLogger();
    await sumThenRefusal(logger);
    const shortcut = (await lines()).filter((line) => line.event === "request");
    expect(shortcut.map((line) => line.route)).toEqual(["/sum", "unmatched"]);

    const requests = logger.child({ event: "request" });
    const pinoOwn = new Set(["level", "time", "msg", ...Object.keys(requests.bindings())]);
    for (const line of shortcut) {
      requests.info(Object.fromEntries(Object.entries(line).filter(([key]) => !pinoOwn.has(key))), "request");
    }
    const reference = (await lines()).filter((line) => line.event === "request").slice(shortcut.length);
    const withoutTime = ({ time: _time, ...fields }: Record<string, unknown>) => fields;
    expect(reference.map(withoutTime)).toEqual(shortcut.map(withoutTime));
    expect(reference.map((line) => Object.keys(line))).toEqual(shortcut.map((line) => Object.keys(line)));
  });
});
