// The baseline: a bare node:http server doing the same work as POST /sum (content-type check,
// streamed body limit, JSON parse, shape validation, correctly rounded sum), nothing else.
// With BARE_ANSWER=refuse it answers every request at once with the 503 the service sheds with:
// the cheapest answer node:http can give, the ceiling for any shedding server on this machine.
import { createServer, type ServerResponse } from "node:http";
import { fsum } from "../app/lib/sum/fsum.js";

const LIMIT = 1_048_576;
const MAX_NUMBERS = 10_000;

const send = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { "content-type": status === 200 ? "application/json" : "application/problem+json" });
  res.end(body);
};

const REFUSAL = JSON.stringify({ type: "urn:sum-platform:problem:overloaded", title: "Service overloaded", status: 503 });
const refuseAll = process.env.BARE_ANSWER === "refuse";

const server = createServer((req, res) => {
  if (refuseAll) {
    res.writeHead(503, { "content-type": "application/problem+json", "retry-after": "1" });
    return res.end(REFUSAL);
  }
  if (req.method !== "POST" || req.url !== "/sum") return send(res, 404, '{"status":404}');
  if (!/^application\/json/i.test(req.headers["content-type"] ?? "")) return send(res, 415, '{"status":415}');
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > LIMIT) {
      send(res, 413, '{"status":413}');
      req.destroy();
    } else chunks.push(chunk);
  });
  req.on("end", () => {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return send(res, 400, '{"status":400}');
    }
    const numbers = (body as { numbers?: unknown })?.numbers;
    if (!Array.isArray(numbers) || numbers.length < 1 || numbers.length > MAX_NUMBERS || !numbers.every(Number.isFinite)) {
      return send(res, 422, '{"status":422}');
    }
    const sum = fsum(numbers as number[]);
    if (!Number.isFinite(sum)) return send(res, 422, '{"status":422}');
    send(res, 200, JSON.stringify({ sum, count: numbers.length }));
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ msg: "listening", port: typeof address === "object" && address ? address.port : 0 }));
});
