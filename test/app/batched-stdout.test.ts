import { describe, expect, it } from "vitest";
import { BatchedStdout } from "../../app/lib/observability/batched-stdout.js";
import { createLogger } from "../../app/lib/observability/logger.js";

function sink() {
  const writes: string[] = [];
  return { writes, write: (chunk: string | Uint8Array, callback?: () => void) => (writes.push(Buffer.from(chunk).toString("utf8")), callback?.()) };
}

describe("BatchedStdout", () => {
  it("writes the lines logged within the flush interval in one call, in order", async () => {
    const out = sink();
    const logger = createLogger("info", new BatchedStdout({ sink: out, flushIntervalMs: 20 }));
    logger.info({ event: "request", status: 200 }, "first");
    logger.warn("second");
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.writes).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(out.writes).toHaveLength(1);
    const lines = out.writes[0]!.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: "first", event: "request", status: 200, time: expect.any(Number) }),
      expect.objectContaining({ level: 40, msg: "second" }),
    ]);
  });

  it("writes at once when the batch grows past its limit, and on flush", () => {
    const out = sink();
    const batch = new BatchedStdout({ sink: out, maxBytes: 10 });
    batch.write("12345\n");
    batch.write("67890\n");
    expect(out.writes).toEqual(["12345\n67890\n"]);
    batch.write("tail\n");
    let flushed = false;
    batch.flush(() => (flushed = true));
    expect(out.writes).toEqual(["12345\n67890\n", "tail\n"]);
    expect(flushed).toBe(true);
  });
});
