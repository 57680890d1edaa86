/**
 * What every bench sends: POST /sum of 10 numbers, with a cancellation the plain sum gets wrong
 * (1e16, 1, -1e16), so the correctly rounded path is the one measured; and the gateway secret
 * the service under test is started with.
 */
export const SUM_BODY = JSON.stringify({ numbers: [12.5, -3.25, 1e16, 1, -1e16, 0.1, 0.2, 42, -7.75, 3.14159] });
export const BENCH_SECRET = "bench-gateway-secret";

/**
 * A maximum-size request: 10,000 numbers with up to 17 significant digits (about 170 KB), as
 * a client at the limit sends, for the overload and memory scenarios.
 */
export const MAX_SUM_BODY = JSON.stringify({ numbers: Array.from({ length: 10_000 }, (_, i) => ((i * 7919) % 100_003) / 7 - 5_000) });
