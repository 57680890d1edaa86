import { beforeAll, describe, expect, it } from "vitest";
import { selects } from "./support/logs-insights-filter.js";
import { queriedFields, runbookQueries } from "./support/logs-insights-fields.js";
import { fieldPaths, serviceLogLines, type ServiceLogLine } from "./support/service-log-lines.js";

let lines: ServiceLogLine[];
beforeAll(async () => {
  lines = await serviceLogLines();
});

/** The fields on the real lines a query's filters keep. */
const fieldsSelectedBy = (query: string) => new Set(lines.flatMap((line) => (line.json && selects(query, line) ? fieldPaths(line.json) : [])));

describe("the runbooks' Logs Insights queries", () => {
  const queries = runbookQueries();

  it("are found in the runbooks", () => {
    expect(queries.length).toBeGreaterThanOrEqual(10);
    expect(new Set(queries.map((q) => q.runbook)).size).toBeGreaterThanOrEqual(6);
  });

  it("each keep some of the lines the service really writes", () => {
    const empty = queries.filter(({ query }) => !lines.some((line) => selects(query, line)));
    expect(empty.map(({ runbook, query }) => `${runbook}: ${query}`)).toEqual([]);
  });

  it("read only fields the service writes, on the lines they keep", () => {
    const wrong = queries.flatMap(({ runbook, query }) => {
      const written = fieldsSelectedBy(query);
      return queriedFields(query)
        .filter((field) => !written.has(field))
        .map((field) => `${runbook}: "${field}" is on none of the lines kept by: ${query}`);
    });
    expect(wrong).toEqual([]);
  });

  it("find the one-line refusal to start where they say they look for start-up failures", () => {
    const startUp = queries.filter(({ comment }) => /start-up|start up|startup/i.test(comment));
    expect(startUp.length).toBeGreaterThan(0);
    const refusal = lines.find(({ message }) => message.includes("refusing to start"))!;
    expect(refusal.json).toBeUndefined();
    for (const { runbook, query } of startUp) expect(selects(query, refusal), `${runbook}: ${query}`).toBe(true);
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
    const written = fieldsSelectedBy('filter event = "secret_refresh_failed"');
    expect(written.has("errorName") && written.has("errorMessage")).toBe(true);
    expect(written.has("err.name") || written.has("err.message")).toBe(false);
  });

  it("keeps lines by the filters' terms, and no plain-text line by a JSON field", () => {
    const refusal = lines.find(({ json }) => !json)!;
    expect(selects("filter level >= 50", refusal)).toBe(false);
    expect(selects("filter @message like /refusing to start/", refusal)).toBe(true);
    const request = lines.find(({ json }) => json?.event === "request" && json.status === 200)!;
    expect(selects('filter event = "request" and status >= 500', request)).toBe(false);
    expect(selects('filter event = "request" and status < 500 | filter route = "/sum"', request)).toBe(true);
    expect(selects('filter requestId = "<request-id>"', request)).toBe(true);
    expect(() => selects("filter level >= 50 or status = 1", request)).toThrow(/unsupported/);
  });

  it("refuses a command it does not know", () => {
    expect(() => queriedFields("parse @message /(?<x>.*)/ | fields x")).toThrow(/unknown Logs Insights command "parse"/);
  });
});
