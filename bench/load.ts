import autocannon from "autocannon";

/** `rps` counts every answer; `okRps` only the 2xx ones, so a service that refuses work is not credited for it. */
export type LoadResult = { rps: number; okRps: number; p50: number; p99: number; errors: number; non2xx: number; total: number };

/** One autocannon run of POST /sum, as fast as the server answers. */
export async function load(
  port: number,
  body: string,
  headers: Record<string, string>,
  seconds: number,
  connections = 50,
): Promise<LoadResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/sum`,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    connections,
    duration: seconds,
  });
  return {
    rps: result.requests.average,
    okRps: result["2xx"] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
