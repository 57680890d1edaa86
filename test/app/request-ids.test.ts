import { describe, expect, it } from "vitest";
import { requestIds } from "../../app/lib/http/request-ids.js";

describe("request ids", () => {
  it("count up from one process-wide UUID", () => {
    const nextId = requestIds("6f1c2a3b-0000-4000-8000-000000000000");
    expect([nextId(), nextId(), nextId()]).toEqual(["6f1c2a3b-0000-4000-8000-000000000000-1", "6f1c2a3b-0000-4000-8000-000000000000-2", "6f1c2a3b-0000-4000-8000-000000000000-3"]);
  });

  it("differ between processes, and pass the service's own rule for a safe id", () => {
    const [a, b] = [requestIds()(), requestIds()()];
    expect(a).not.toBe(b);
    for (const id of [a, b]) expect(id).toMatch(/^[\w\-=]{1,255}$/);
  });

  it("stay unique and short over many requests", () => {
    const nextId = requestIds();
    const ids = Array.from({ length: 100_000 }, nextId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-1)!.length).toBeLessThanOrEqual(36 + 1 + 4);
  });
});
