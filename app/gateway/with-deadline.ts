export type DeadlineOptions = {
  /** Past this the call is aborted with a TimeoutError. */
  readonly timeoutMs: number;
  /** Aborts the call early, with this signal's reason. */
  readonly cancel: AbortSignal;
};

/**
 * Runs `call` with a signal that aborts after `timeoutMs` or when `cancel` does, and settles at that
 * moment even if `call` does not watch its signal everywhere (the AWS SDK does not while it resolves
 * credentials): a caller waiting on it is never held past the deadline.
 *
 * @example
 * const answer = await withDeadline((signal) => client.send(command, { abortSignal: signal }), { timeoutMs: 5_000, cancel });
 */
export async function withDeadline<T>(call: (signal: AbortSignal) => Promise<T>, { timeoutMs, cancel }: DeadlineOptions): Promise<T> {
  if (cancel.aborted) throw cancel.reason;
  const controller = new AbortController();
  const onCancel = () => controller.abort(cancel.reason);
  cancel.addEventListener("abort", onCancel, { once: true });
  const timer = setTimeout(() => controller.abort(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: "TimeoutError" })), timeoutMs);
  const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true }));
  try {
    return await Promise.race([call(controller.signal), aborted]);
  } finally {
    clearTimeout(timer);
    cancel.removeEventListener("abort", onCancel);
  }
}
