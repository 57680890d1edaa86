/** Cumulative counts of the service's POST /sum 200 duration histogram, by upper bound (s). */
export async function sumDurationBuckets(metricsPort: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const buckets = new Map<string, number>();
  const line = /^http_request_duration_seconds_bucket\{method="POST",route="\/sum",status="200",le="([^"]+)"\} (\d+)$/gm;
  for (const [, le, count] of text.matchAll(line)) buckets.set(le!, Number(count));
  return buckets;
}

/**
 * What share of the requests between two scrapes the service itself timed under each bound: from
 * the request lifecycle's start to its answer, so without Node's parsing or the socket write.
 */
export function shareUnder(before: Map<string, number>, after: Map<string, number>): { bound: string; share: number }[] {
  const total = (after.get("+Inf") ?? 0) - (before.get("+Inf") ?? 0);
  return [...after].filter(([le]) => le !== "+Inf").map(([le, count]) => ({ bound: le, share: total ? (count - (before.get(le) ?? 0)) / total : 0 }));
}
