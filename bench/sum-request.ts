/**
 * What every bench sends: POST /sum of 10 numbers, with a cancellation the plain sum gets wrong
 * (1e16, 1, -1e16), so the correctly rounded path is the one measured; and the gateway secret
 * the service under test is started with.
 */
export const SUM_BODY = JSON.stringify({ numbers: [12.5, -3.25, 1e16, 1, -1e16, 0.1, 0.2, 42, -7.75, 3.14159] });
export const BENCH_SECRET = "bench-gateway-secret";
