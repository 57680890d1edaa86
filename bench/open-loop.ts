import { connect, type Socket } from "node:net";
import type { PacedResult } from "./paced.js";

/**
 * A paced run past capacity: also each request's status (0: no answer) and the latest any request
 * was sent after its due time (large: the generator, not the server, fell behind).
 */
export type OpenLoopResult = PacedResult & { statuses: Uint16Array; maxSendLagMs: number };

type Connection = { socket: Socket; current: number; pending: Buffer | null; closing: boolean };

const HEAD_END = Buffer.from("\r\n\r\n");
const LAST_CHUNK = Buffer.from("0\r\n\r\n");

/**
 * Open-loop POST /sum far past what one service process can take, from one generator process:
 * request i is due at start + i / rate whatever is still in flight, and goes out on an idle
 * connection, else on a new one (as the load balancer opens them), else waits in order for the
 * first connection to free up (`connections` at most); one request per connection at a time.
 * Latency runs from the due time, so time spent queued here is charged (no coordinated omission).
 *
 * Written on raw sockets, with each request's bytes built once and answers read only for status
 * and length: node:http's client spends several times the service's own CPU per request, so at
 * twice a small request's peak it, not the service, set the pace (bench/paced.ts is kept for the
 * modest constant rates, where its cost does not matter).
 */
export async function openLoop(
  port: number,
  body: Buffer,
  headers: Record<string, string>,
  { rate, seconds, connections, timeoutMs }: { rate: number; seconds: number; connections: number; timeoutMs: number },
): Promise<OpenLoopResult> {
  const head = Object.entries({ host: "127.0.0.1", "content-type": "application/json", "content-length": String(body.length), ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  const requestBytes = Buffer.concat([Buffer.from(`POST /sum HTTP/1.1\r\n${head}\r\n`), body]);
  let total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  const statuses = new Uint16Array(total);
  const finished = new Uint8Array(total);
  const idle: Connection[] = [];
  const open = new Set<Connection>();
  const waiting: number[] = [];
  let waitingHead = 0;
  let sent = 0;
  let done = 0;
  let errors = 0;
  let maxSendLagMs = 0;
  let stopped = false;
  const start = performance.now();
  const dueAt = (i: number) => start + (i * 1000) / rate;

  return new Promise<OpenLoopResult>((resolve) => {
    const settle = () => {
      clearInterval(reaper);
      for (const connection of open) connection.socket.destroy();
      resolve({ latencies: latencies.subarray(0, total), statuses: statuses.subarray(0, total), errors, maxSendLagMs });
    };
    const finish = (i: number, status: number) => {
      if (i < 0 || finished[i]) return;
      finished[i] = 1;
      latencies[i] = performance.now() - dueAt(i);
      statuses[i] = status;
      if (status !== 200) errors++;
      if (++done === total && stopped) settle();
    };
    const send = (connection: Connection, i: number) => {
      connection.current = i;
      connection.socket.write(requestBytes);
    };
    const nextWaiting = () => {
      while (waitingHead < waiting.length) {
        const i = waiting[waitingHead++]!;
        if (!finished[i]) return i;
      }
      return -1;
    };
    const release = (connection: Connection) => {
      connection.current = -1;
      if (connection.closing) return void connection.socket.destroy();
      const i = nextWaiting();
      if (i >= 0) send(connection, i);
      else idle.push(connection);
    };
    const onData = (connection: Connection, chunk: Buffer) => {
      let data = connection.pending ? Buffer.concat([connection.pending, chunk]) : chunk;
      for (;;) {
        const end = data.indexOf(HEAD_END);
        if (end === -1) break;
        const headText = data.toString("latin1", 0, end).toLowerCase();
        const status = Number(headText.slice(9, 12));
        const length = /\r\ncontent-length: *(\d+)/.exec(headText);
        let size: number;
        if (length) size = end + 4 + Number(length[1]);
        else {
          const last = data.indexOf(LAST_CHUNK, end + 4);
          if (last === -1) break;
          size = last + LAST_CHUNK.length;
        }
        if (data.length < size) break;
        if (/\r\nconnection: *close/.test(headText)) connection.closing = true;
        finish(connection.current, status);
        data = data.subarray(size);
        release(connection);
        if (connection.closing) break;
      }
      connection.pending = data.length > 0 ? data : null;
    };
    const openConnection = (i: number) => {
      const connection: Connection = { socket: connect(port, "127.0.0.1"), current: i, pending: null, closing: false };
      open.add(connection);
      connection.socket.setNoDelay(true);
      connection.socket.on("connect", () => connection.socket.write(requestBytes));
      connection.socket.on("data", (chunk: Buffer) => onData(connection, chunk));
      connection.socket.on("error", () => {});
      connection.socket.on("close", () => {
        open.delete(connection);
        const at = idle.indexOf(connection);
        if (at !== -1) idle.splice(at, 1);
        finish(connection.current, 0);
        // A request that waited for this connection's slot gets a new connection.
        const next = nextWaiting();
        if (next >= 0) openConnection(next);
      });
    };
    const dispatch = (i: number) => {
      const connection = idle.pop();
      if (connection) send(connection, i);
      else if (open.size < connections) openConnection(i);
      else waiting.push(i);
    };
    // Requests unanswered `timeoutMs` after their due time count as unanswered; their connection is cut.
    const reaper = setInterval(() => {
      const now = performance.now();
      for (const connection of open) {
        if (connection.current >= 0 && now - dueAt(connection.current) > timeoutMs) connection.socket.destroy();
      }
      while (waitingHead < waiting.length && now - dueAt(waiting[waitingHead]!) > timeoutMs) finish(waiting[waitingHead++]!, 0);
      if (stopped && done === total) settle();
    }, 100);
    const tick = () => {
      const now = performance.now();
      // A generator that fell behind stops at the run's end: what it never sent was never offered.
      if (now - start >= seconds * 1000) {
        total = sent;
        stopped = true;
        if (done === total) settle();
        return;
      }
      const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
      if (sent < due) maxSendLagMs = Math.max(maxSendLagMs, now - dueAt(sent));
      for (; sent < due; sent++) dispatch(sent);
      if (sent < total) setImmediate(tick);
      else {
        stopped = true;
        if (done === total) settle();
      }
    };
    tick();
  });
}
