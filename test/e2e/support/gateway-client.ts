import { setTimeout as sleep } from "node:timers/promises";

/** No single request may hang the suite. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Longest wait for a rate-limit window to end: one minute and a margin. */
const MAX_WAIT_SECONDS = 65;

/** What a test needs from a response, read once. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

/** Makes one bounded HTTP request and reads the whole body. */
export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POST /sum with a JSON body and, when given, an API key header. */
export function postSum(baseUrl: string, body: unknown, apiKey?: string, headers: Record<string, string> = {}) {
  return call(`${baseUrl}/sum`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(apiKey ? { apikey: apiKey } : {}), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Seconds from a header that must hold a non-negative integer, else NaN. */
export function seconds(headers: Headers, name: string): number {
  const value = headers.get(name);
  return value !== null && /^\d+$/.test(value) ? Number(value) : Number.NaN;
}

/** Waits the given seconds, capped so no test waits for more than a minute. */
export async function waitSeconds(count: number): Promise<void> {
  await sleep(Math.min(Math.max(count, 0), MAX_WAIT_SECONDS) * 1000);
}

/**
 * Runs a keyed request; when an earlier run (a deploy smoke test, another
 * test) used up the consumer's quota, waits for the window to end once and
 * retries, so only the rate-limit test itself ever sees a 429.
 */
export async function withQuota(request: () => Promise<Reply>): Promise<Reply> {
  const first = await request();
  if (first.status !== 429) return first;
  await waitSeconds(seconds(first.headers, "retry-after") + 1);
  return request();
}
