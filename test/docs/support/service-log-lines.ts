import { spawnSync } from "node:child_process";
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createApp } from "../../../app/app.js";
import { inProcess } from "../../app/support/served-app.js";
import { parseConfig } from "../../../app/config.js";
import { SecretsManagerSecretSource } from "../../../app/gateway/secrets-manager-secret-source.js";
import type { SecretSource } from "../../../app/gateway/secret-source.js";
import { createAdmissionControl } from "../../../app/lib/load-shedding/admission-control.js";
import { createLogger } from "../../../app/lib/observability/logger.js";
import { Metrics } from "../../../app/lib/observability/metrics.js";

/** What one CloudWatch log event of the service holds: its parsed JSON, or none for a plain text line. */
export interface ServiceLogLine {
  readonly json?: Record<string, unknown>;
  readonly message: string;
}

function memorySink() {
  const chunks: string[] = [];
  const sink = { write: (chunk: string | Uint8Array, callback?: () => void) => (chunks.push(String(chunk)), callback?.(), true) };
  return { sink, lines: () => chunks.join("").split("\n").filter(Boolean) };
}

/**
 * Real lines from the service, written by its own logger (the server's `createLogger`) while the
 * app is driven in-process through what on-call investigates: a served sum, a request refused
 * for a missing and a wrong secret, an unexpected error, a failed secret refresh and the
 * recovery after it, a request shed under load, and the one-line refusal to start that the server prints without the logger.
 */
export async function serviceLogLines(): Promise<ServiceLogLine[]> {
  const { BatchedStdout } = await import("../../../app/lib/observability/batched-stdout.js");
  const { sink, lines } = memorySink();
  const logger = createLogger("info", new BatchedStdout({ sink }));
  const metrics = new Metrics();
  const json = { "content-type": "application/json" };
  const sum = { method: "POST", body: JSON.stringify({ numbers: [1, 2] }) };

  const guarded = inProcess(createApp(parseConfig({ GATEWAY_SECRET: "s" }), { logger, metrics }));
  await guarded.request("/sum", { ...sum, headers: { ...json, "x-gateway-secret": "s", "x-consumer-username": "team-a" } });
  await guarded.request("/sum", { ...sum, headers: json });
  await guarded.request("/sum", { ...sum, headers: { ...json, "x-gateway-secret": "wrong" } });

  const failing: SecretSource = {
    mode: "enforced",
    isLoaded: () => true,
    matches: () => {
      throw new TypeError("a bug while checking the secret");
    },
    start: () => Promise.resolve(),
    stop: () => undefined,
  };
  await inProcess(createApp(parseConfig({}), { logger, metrics, secretSource: failing })).request("/sum", { ...sum, headers: { ...json, "x-gateway-secret": "s" } });

  // Secrets Manager refuses once (an SDK error, with the metadata the SDK attaches), then answers.
  const denied = Object.assign(new Error("not authorized to perform secretsmanager:GetSecretValue"), {
    name: "AccessDeniedException",
    $metadata: { httpStatusCode: 400, requestId: "0a1b2c3d-0000-4000-8000-000000000000" },
  });
  const noPrevious = Object.assign(new Error("no AWSPREVIOUS version"), { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } });
  let refusing = true;
  const client = {
    send: (command: { input: { VersionStage?: string } }) =>
      refusing ? Promise.reject(denied) : command.input.VersionStage === "AWSCURRENT" ? Promise.resolve({ SecretString: "s" }) : Promise.reject(noPrevious),
  } as unknown as SecretsManagerClient;
  const source = new SecretsManagerSecretSource({ client, secretId: "arn:aws:secretsmanager:eu-west-1:000000000000:secret:x", refreshMs: 60_000, logger });
  await source.refresh();
  refusing = false;
  await source.refresh();
  source.stop();

  // A task at its cap sheds the next request (the admitted one is never answered here).
  const admission = createAdmissionControl({ maxInFlight: 1, maxTurnMs: 5, logger, metrics });
  const stalled = admission.guard(() => undefined);
  const response = () => Object.assign(new EventEmitter(), { writeHead: () => undefined, end: () => undefined }) as unknown as ServerResponse;
  for (let i = 0; i < 2; i++) stalled({ url: "/sum", headers: {} } as IncomingMessage, response());

  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  const jsonLines = lines().map((message) => ({ message, json: JSON.parse(message) as Record<string, unknown> }));

  // The server refuses to start on bad configuration before any logger exists.
  const refused = spawnSync(process.execPath, ["--import", "tsx", "app/server.ts"], {
    env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: "0", METRICS_PORT: "0", HOST: "127.0.0.1" },
    encoding: "utf8",
    timeout: 30_000,
  });
  const plain = `${refused.stdout}${refused.stderr}`.split("\n").filter(Boolean).map((message) => ({ message }));
  return [...jsonLines, ...plain];
}

/** Every field path a JSON line holds, as Logs Insights names them (`err.message`). */
export function fieldPaths(value: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(value).flatMap(([key, inner]) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? fieldPaths(inner as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}
