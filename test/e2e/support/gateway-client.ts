import type { ClientRequest, IncomingMessage } from "node:http";
import http from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";

/** No single request may hang the suite. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Longest wait for a rate-limit window to end: one minute and a margin. */
const MAX_WAIT_SECONDS = 65;
/** A reply body past this is cut: the suite reads small JSON documents. */
const MAX_REPLY_BYTES = 1024 * 1024;

/** What a test needs from a response, read once. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

/** One request. A body goes with Content-Length; `chunked` sends one without it. */
export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** `count` pieces of `size` bytes, Transfer-Encoding: chunked. */
  readonly chunked?: { readonly size: number; readonly count: number };
}

/** How to reach one host. */
export interface Connection {
  /** Accept a self-signed certificate (the local gateway's). */
  readonly acceptSelfSigned?: boolean;
}

function toHeaders(response: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    for (const item of Array.isArray(value) ? value : [value ?? ""]) headers.append(name, item);
  }
  return headers;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Resolves when the socket can take more, or the request is over. */
function writable(request: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      request.off("drain", done);
      request.off("close", done);
      resolve();
    };
    request.once("drain", done);
    request.once("close", done);
  });
}

async function writeBody(request: ClientRequest, options: RequestOptions, answered: () => boolean): Promise<void> {
  if (options.chunked) {
    const piece = Buffer.alloc(options.chunked.size, "1");
    // A gateway may refuse before the upload ends; what it answered is what counts.
    for (let i = 0; i < options.chunked.count && !answered() && !request.destroyed; i += 1) {
      if (!request.write(piece)) await writable(request);
    }
  } else if (options.body !== undefined) {
    request.write(options.body);
  }
  if (!request.destroyed) request.end();
}

/**
 * Makes one bounded HTTP(S) request and reads the whole reply. A refusal that
 * arrives mid-upload is returned, not turned into an error.
 */
export function send(url: string, options: RequestOptions = {}, connection: Connection = {}): Promise<Reply> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
  const transport = target.protocol === "https:" ? https : http;

  return new Promise<Reply>((resolve, reject) => {
    let answered = false;
    const request = transport.request(
      target,
      {
        method: options.method ?? "GET",
        headers,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        // A fresh connection per request, as separate clients would open.
        agent: false,
        ...(target.protocol === "https:" ? { rejectUnauthorized: !connection.acceptSelfSigned } : {}),
      },
      (response) => {
        answered = true;
        const parts: Buffer[] = [];
        let size = 0;
        response.on("data", (part: Buffer) => {
          size += part.length;
          if (size <= MAX_REPLY_BYTES) parts.push(part);
        });
        response.on("end", () => {
          const text = Buffer.concat(parts).toString("utf8");
          resolve({ status: response.statusCode ?? 0, headers: toHeaders(response), text, json: parseJson(text) });
        });
        response.on("error", reject);
      },
    );
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    writeBody(request, options, () => answered).catch(reject);
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
 * Counts the requests sent with the consumer's key: each one uses its quota,
 * which in prod the canary shares.
 */
export class KeyedRequestBudget {
  private spent = 0;

  constructor(readonly limit: number) {}

  get used(): number {
    return this.spent;
  }

  /** @throws Error once the budget is spent, before the request is sent. */
  take(): void {
    if (this.spent >= this.limit) {
      throw new Error(`e2e: the keyed request budget (${this.limit}) is spent; raise E2E_KEYED_REQUEST_BUDGET`);
    }
    this.spent += 1;
  }
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
