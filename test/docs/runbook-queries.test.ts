import { beforeAll, describe, expect, it } from "vitest";
import { filteredEvent, queriedFields, runbookQueries } from "./support/logs-insights-fields.js";
import { fieldPaths, serviceLogLines, type ServiceLogLine } from "./support/service-log-lines.js";

let lines: ServiceLogLine[];
beforeAll(async () => {
  lines = await serviceLogLines();
});

const fieldsOf = (event?: string) =>
  new Set(lines.flatMap(({ json }) => (json && (event === undefined || json.event === event) ? fieldPaths(json) : [])));

describe("the runbooks' Logs Insights queries", () => {
  const queries = runbookQueries();

  it("are found in the runbooks", () => {
    expect(queries.length).toBeGreaterThanOrEqual(10);
    expect(new Set(queries.map((q) => q.runbook)).size).toBeGreaterThanOrEqual(6);
  });

  it("read only fields the service writes, on the lines they select", () => {
    const wrong = queries.flatMap(({ runbook, query }) => {
      const event = filteredEvent(query);
      const written = fieldsOf(event);
      return queriedFields(query)
        .filter((field) => !written.has(field))
        .map((field) => `${runbook}: "${field}" is not on ${event ? `event "${event}" lines` : "any line"}: ${query}`);
    });
    expect(wrong).toEqual([]);
  });

  it("select events the service logs", () => {
    const events = new Set(lines.map(({ json }) => json?.event));
    for (const { runbook, query } of queries) {
      const event = filteredEvent(query);
      if (event) expect(events, `${runbook}: ${query}`).toContain(event);
    }
  });

  it("match real lines with every @message pattern", () => {
    for (const { runbook, query } of queries) {
      for (const [, pattern, flags] of query.matchAll(/@message\s+like\s+\/((?:[^/\\]|\\.)+)\/(i?)/g)) {
        const re = new RegExp(pattern!, flags);
        expect(lines.some(({ message }) => re.test(message)), `${runbook}: ${query}`).toBe(true);
      }
    }
  });

  it("never look for a level on lines that have none", () => {
    const plain = lines.filter(({ json }) => !json);
    expect(plain.length).toBeGreaterThan(0);
    for (const { runbook, query } of queries) {
      if (/refusing to start|start-up/i.test(query)) expect(query, runbook).not.toMatch(/\blevel\b/);
    }
  });
});

describe("the field check itself", () => {
  it("takes fields from filter, fields, stats and sort, and leaves out functions, aliases and @ fields", () => {
    expect(
      queriedFields('filter event = "request" and status >= 500 | stats count() as errors, pct(durationMs, 99) by bin(5m), route | sort errors desc | limit 5'),
    ).toEqual(["event", "status", "durationMs", "route"]);
    expect(queriedFields("fields @timestamp, @logStream, err.name, msg | filter @message like /x|y/")).toEqual(["err.name", "msg"]);
  });

  it("would catch the fields a refresh failure does not carry", () => {
    const written = fieldsOf("secret_refresh_failed");
    expect(written.has("errorName") && written.has("errorMessage")).toBe(true);
    expect(written.has("err.name") || written.has("err.message")).toBe(false);
  });

  it("refuses a command it does not know", () => {
    expect(() => queriedFields("parse @message /(?<x>.*)/ | fields x")).toThrow(/unknown Logs Insights command "parse"/);
  });
});
