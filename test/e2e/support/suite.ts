import { planE2e, readE2eEnv } from "./e2e-env.js";
import { KeyedRequestBudget, send, type Reply, type RequestOptions } from "./gateway-client.js";

/**
 * The run's target, plan and clients, shared by every test file (the e2e
 * config runs them in one module graph, so the keyed budget is one budget).
 */
export const env = readE2eEnv(process.env);
export const plan = planE2e(env);
const budget = new KeyedRequestBudget(env.keyedRequestBudget);

/** A request to the gateway. */
export function gateway(path: string, options: RequestOptions = {}): Promise<Reply> {
  return send(`${env.gatewayUrl}${path}`, options, { acceptSelfSigned: env.acceptSelfSigned });
}

/** A request to the gateway with the smoke-test key, counted against the budget. */
export function keyed(path: string, options: RequestOptions = {}): Promise<Reply> {
  budget.take();
  return gateway(path, { ...options, headers: { ...options.headers, apikey: env.apiKey } });
}

/** The same gateway over plain HTTP (plan.plainHttp). */
export function plain(path: string, options: RequestOptions = {}): Promise<Reply> {
  return send(`${env.gatewayHttpUrl}${path}`, options);
}

/** The service itself, around the gateway (plan.directCalls). */
export function direct(path: string, options: RequestOptions = {}): Promise<Reply> {
  return send(`${env.upstreamUrl}${path}`, options);
}

/** POST options for /sum with a JSON body (a string is sent as it is). */
export function sumRequest(body: unknown, headers: Record<string, string> = {}): RequestOptions {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}
