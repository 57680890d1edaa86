import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { connect } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { STUB_CREDENTIALS, startSecretsManagerStub } from "./support/secrets-manager-stub.js";
import { buildBundleOnce, startBundle, type RunningServer } from "./support/server-process.js";

/** A raw HTTP/1.1 exchange, so the test controls exactly when each byte is sent. */
function rawRequest(port: number, head: string) {
  const socket = connect(port, "127.0.0.1");
  socket.write(head);
  const response = new Promise<string>((resolve, reject) => {
    let text = "";
    socket.on("data", (chunk) => (text += chunk));
    socket.on("end", () => resolve(text));
    socket.on("error", reject);
  });
  return { socket, response };
}

/** Polls until the condition holds, running `probe` (e.g. a request that updates what it reads) before each look. */
async function waitFor(condition: () => boolean, timeoutMs = 10_000, probe?: () => Promise<unknown>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await probe?.();
    if (condition()) return;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function get(port: number, path: string, agent: Agent | false = false) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    request({ host: "127.0.0.1", port, path, agent }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on("error", reject)
      .end();
  });
}

describe("the production bundle", () => {
  beforeAll(() => buildBundleOnce());

  it("serves, keeps connections alive 65 s, exposes metrics on its own port, and passes its health check", async () => {
    const server = await startBundle();
    try {
      const keepAlive = new Agent({ keepAlive: true });
      const health = await get(server.port, "/health", keepAlive);
      keepAlive.destroy();
      expect(health.status).toBe(200);
      expect(health.headers["keep-alive"]).toBe("timeout=65");
      expect((await get(server.port, "/metrics")).status).toBe(404);
      const metrics = await get(server.metricsPort, "/metrics");
      expect(metrics.body).toContain('http_requests_total{method="GET",route="/health",status="200"} 1');
      expect(metrics.body).toContain("process_resident_memory_bytes");
      const check = spawnSync(process.execPath, ["dist/healthcheck.js"], { env: { PORT: String(server.port) } });
      expect(check.status).toBe(0);
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("reads bodies from the socket: chunked and split, over the limit, or cut off by the client", async () => {
    const server = await startBundle({ BODY_LIMIT_BYTES: "1024" });
    try {
      const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
      const head = "POST /sum HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n";
      // Split mid-number and after a byte order mark, which is ignored as on every other path.
      const split = rawRequest(server.port, `${head}Connection: close\r\n\r\n${chunk('\uFEFF{"numbers":[1e1')}${chunk("6,1,-1e16]}")}0\r\n\r\n`);
      expect(await split.response).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*\{"sum":1,"count":3\}$/);

      // Refused while still sending, the client reads the 413 as it goes on; the server reads the
      // rest and drops it, so the connection stays usable (read-node-body.ts, discard-body.ts).
      const big = rawRequest(server.port, `${head}\r\n${chunk(`{"numbers":[${"1,".repeat(400)}`)}${chunk("1,".repeat(400))}`);
      await waitFor(() => big.socket.bytesRead > 0);
      big.socket.end(`${chunk("1]}")}0\r\n\r\nGET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      const refused = await big.response;
      expect(refused).toMatch(/^HTTP\/1\.1 413 /);
      expect(refused).toContain('"type":"urn:sum-platform:problem:payload-too-large"');
      expect(refused).toMatch(/HTTP\/1\.1 200 OK[\s\S]*\{"status":"ok"\}$/);

      const cut = rawRequest(server.port, "POST /sum HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"numbers\":[1,");
      await new Promise((resolve) => setTimeout(resolve, 200));
      cut.socket.destroy();
      await waitFor(() => server.logs.filter((line) => line.event === "request").length === 4);
      expect(server.logs.filter((line) => line.event === "request").map((line) => line.status)).toEqual([200, 413, 200, 400]);
      expect((await get(server.port, "/health")).status).toBe(200);
      expect(server.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("drains on SIGTERM: the request in flight gets its 200 and the process exits 0", async () => {
    const server: RunningServer = await startBundle();
    const body = JSON.stringify({ numbers: [1e16, 1, -1e16] });
    const half = Math.floor(body.length / 2);
    const { socket, response } = rawRequest(
      server.port,
      `POST /sum HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, half)}`,
    );
    // Give the server time to accept the connection and parse the request head.
    await new Promise((resolve) => setTimeout(resolve, 500));
    server.child.kill("SIGTERM");
    await waitFor(() => server.logs.some((line) => String(line.msg).startsWith("draining")));
    // The listener is closed: a new connection is refused while the old request is still open.
    await expect(get(server.port, "/health")).rejects.toThrow(/ECONNREFUSED/);
    socket.write(body.slice(half));
    const text = await response;
    expect(text).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(text).toMatch(/connection: close/i);
    expect(text).toContain('{"sum":1,"count":3}');
    expect(await server.exit).toBe(0);
    expect(server.logs.map((line) => line.msg)).toContain("drained; exiting");
  });

  it("checks the gateway secret from the headers Node parsed: exact value only, once", async () => {
    const server = await startBundle({ GATEWAY_SECRET: "gw-secret-1", NODE_ENV: "production" });
    try {
      const post = (headers: string) =>
        rawRequest(server.port, `POST /sum HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 15\r\n${headers}\r\n{"numbers":[2]}`).response;
      const status = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
      expect(status(await post("X-Gateway-Secret: gw-secret-1\r\nX-Request-Id: kong-7\r\nX-Consumer-Username: team-a\r\n"))).toBe(200);
      expect(status(await post("x-gateway-secret:   gw-secret-1  \r\n"))).toBe(200); // the parser trims the value
      expect(status(await post("X-Gateway-Secret: gw-secret-1\r\nX-Gateway-Secret: gw-secret-1\r\n"))).toBe(403); // joined: "a, a"
      expect(status(await post("X-Gateway-Secret: gw-secret-\r\n"))).toBe(403);
      expect(status(await post(""))).toBe(403);
      // Log lines reach stdout in batches, at most 50 ms late.
      await waitFor(() => server.logs.filter((line) => line.event === "request").length === 5);
      const access = server.logs.filter((line) => line.event === "request");
      expect(access[0]).toMatchObject({ requestId: "kong-7", consumer: "team-a", status: 200 });
      expect(server.logs.filter((line) => line.event === "gateway_rejected").map((line) => line.reason)).toEqual(["mismatch", "mismatch", "missing"]);
      expect(JSON.stringify(server.logs)).not.toContain("gw-secret-1");
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("fetches the gateway secret with the bundled SDK and task-role credentials: current and previous accepted", async () => {
    const stub = await startSecretsManagerStub({ AWSCURRENT: "gw-current-2", AWSPREVIOUS: "gw-previous-1" });
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gateway-AbCdEf";
    const server = await startBundle({
      NODE_ENV: "production",
      GATEWAY_SECRET_ARN: arn,
      AWS_REGION: "eu-west-1",
      AWS_ENDPOINT_URL_SECRETS_MANAGER: stub.url,
      // As on ECS, where the agent's endpoint hands out the task role's credentials.
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${stub.url}/credentials`,
    });
    try {
      // Ready only once the secret is loaded.
      let ready = 0;
      const poll = setInterval(() => void get(server.port, "/ready").then((res) => (ready = res.status)), 50);
      await waitFor(() => ready === 200).finally(() => clearInterval(poll));
      const post = (secret: string) =>
        rawRequest(server.port, `POST /sum HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 15\r\nX-Gateway-Secret: ${secret}\r\n\r\n{"numbers":[2]}`).response;
      expect(await post("gw-current-2")).toMatch(/^HTTP\/1\.1 200 /);
      expect(await post("gw-previous-1")).toMatch(/^HTTP\/1\.1 200 /);
      expect(await post("gw-current-")).toMatch(/^HTTP\/1\.1 403 /);
      // Calls signed (SigV4) with the task role's temporary credentials, for both stages of the one secret.
      expect(stub.credentialRequests()).toBeGreaterThanOrEqual(1);
      expect(stub.calls.map((call) => [call.target, call.body.SecretId, call.body.VersionStage]).sort()).toEqual([
        ["secretsmanager.GetSecretValue", arn, "AWSCURRENT"],
        ["secretsmanager.GetSecretValue", arn, "AWSPREVIOUS"],
      ]);
      for (const call of stub.calls) {
        expect(call.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${STUB_CREDENTIALS.AccessKeyId}/\\d{8}/eu-west-1/secretsmanager/aws4_request`));
        expect(call.securityToken).toBe(STUB_CREDENTIALS.Token);
      }
      // Only the POSTs: the /ready poll above writes access lines of its own, as many as it ran.
      await waitFor(() => server.logs.filter((line) => line.event === "request" && line.route === "/sum").length === 3);
      expect(JSON.stringify(server.logs)).not.toMatch(/gw-current|gw-previous|stub-secret-access-key|stub-session-token/);
    } finally {
      server.child.kill("SIGKILL");
      await stub.close();
    }
  });

  it("cuts a request whose body trickles in once the request timeout has passed, with a 408, but not an idle keep-alive connection", async () => {
    const server = await startBundle({ REQUEST_TIMEOUT_SECONDS: "1" });
    try {
      const started = performance.now();
      const { socket, response } = rawRequest(server.port, "POST /sum HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
      // One byte every 250 ms: never idle long, never complete.
      const trickle = setInterval(() => socket.writable && socket.write("1"), 250);
      const text = await response.finally(() => clearInterval(trickle));
      const seconds = (performance.now() - started) / 1000;
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      // Node checks once a second: cut after 1 to 2 s; 8 s leaves room for a loaded machine, not for Node's default 300 s.
      expect(seconds).toBeGreaterThanOrEqual(0.9);
      expect(seconds).toBeLessThan(8);

      // An idle keep-alive connection is no request: it outlives the request timeout (it lives 65 s).
      const idle = connect(server.port, "127.0.0.1");
      let idleText = "";
      idle.on("data", (chunk) => (idleText += chunk));
      const health = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
      idle.write(health);
      await waitFor(() => idleText.includes('{"status":"ok"}'));
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      idle.write(health);
      await waitFor(() => idleText.split("HTTP/1.1 200 OK").length === 3);
      idle.destroy();
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("sheds requests past the cap on requests in flight with a 503 problem, never the probes, and counts and logs it", async () => {
    const server = await startBundle({ MAX_REQUESTS_IN_FLIGHT: "1" });
    try {
      const head = (length: number) => `POST /sum HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
      // A request whose body is still on its way holds the one place.
      const held = rawRequest(server.port, `${head(15)}{"numbers":`);
      const metric = async (name: string) => Number(new RegExp(`^${name} (\\d+)$`, "m").exec((await get(server.metricsPort, "/metrics")).body)?.[1]);
      let inFlight = 0;
      await waitFor(() => inFlight === 1, 10_000, async () => (inFlight = await metric("http_requests_in_flight")));
      const shed = await rawRequest(server.port, `${head(15)}{"numbers":[2]}`).response;
      expect(shed).toMatch(/^HTTP\/1\.1 503 /);
      expect(shed).toMatch(/retry-after: 1/i);
      expect(shed).toMatch(/content-type: application\/problem\+json/i);
      expect(shed).toContain('"type":"urn:sum-platform:problem:overloaded"');
      expect((await get(server.port, "/health")).status).toBe(200);
      expect((await get(server.port, "/ready")).status).toBe(200);
      held.socket.write("[2]}");
      expect(await held.response).toMatch(/^HTTP\/1\.1 200 [\s\S]*\{"sum":2,"count":1\}$/);
      expect((await get(server.metricsPort, "/metrics")).body).toContain('http_requests_shed_total{reason="in_flight"} 1');
      await waitFor(() => server.logs.some((line) => line.event === "load_shed"));
      expect(server.logs.find((line) => line.event === "load_shed")).toMatchObject({ level: 40, shed: { in_flight: 1 } });
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("closes connections past MAX_CONNECTIONS at once, and accepts again when one closes", async () => {
    const server = await startBundle({ MAX_CONNECTIONS: "1" });
    try {
      const keepAlive = new Agent({ keepAlive: true });
      expect((await get(server.port, "/health", keepAlive)).status).toBe(200);
      await expect(get(server.port, "/health")).rejects.toThrow(/ECONNRESET|socket hang up/);
      keepAlive.destroy();
      let status = 0;
      await waitFor(() => status === 200, 10_000, async () => (status = await get(server.port, "/health").then((res) => res.status, () => 0)));
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("lets the kernel queue as many new connections as it may hold (listen backlog MAX_CONNECTIONS), not Node's 511", async () => {
    const server = await startBundle({ MAX_CONNECTIONS: "1000" });
    try {
      // A listening socket's Send-Q in ss is its backlog, which Linux caps at net.core.somaxconn.
      const listening = spawnSync("ss", ["-ltnH", `sport = :${server.port}`], { encoding: "utf8" });
      const somaxconn = Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8"));
      expect(listening.stdout.trim().split(/\s+/)[2]).toBe(String(Math.min(1000, somaxconn)));
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("refuses to start in production without a secret source, with a one-line reason", () => {
    const run = spawnSync(process.execPath, ["dist/server.js"], { env: { NODE_ENV: "production", PORT: "0" }, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringContaining("GATEWAY_SECRET_ARN")]);
  });

  it("fails its health check when nothing answers", () => {
    const check = spawnSync(process.execPath, ["dist/healthcheck.js"], { env: { PORT: "1" } });
    expect(check.status).toBe(1);
  });
});
