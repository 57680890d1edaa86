import { listPlugins, type DeclarativeConfig } from "./declarative-config.js";

/** Plugins bundled with open-source Kong Gateway 3.9 (the `kong:3.9` image). */
export const OSS_PLUGINS: ReadonlySet<string> = new Set([
  "acl", "acme", "ai-prompt-decorator", "ai-prompt-guard", "ai-prompt-template", "ai-proxy",
  "ai-request-transformer", "ai-response-transformer", "aws-lambda", "azure-functions",
  "basic-auth", "bot-detection", "correlation-id", "cors", "datadog", "file-log",
  "grpc-gateway", "grpc-web", "hmac-auth", "http-log", "ip-restriction", "jwt", "key-auth",
  "ldap-auth", "loggly", "oauth2", "opentelemetry", "post-function", "pre-function",
  "prometheus", "proxy-cache", "rate-limiting", "redirect", "request-size-limiting",
  "request-termination", "request-transformer", "response-ratelimiting",
  "response-transformer", "session", "standard-webhooks", "statsd", "syslog", "tcp-log",
  "udp-log", "zipkin",
]);

/** Top-level keys open-source Kong accepts in a DB-less declarative file. */
export const OSS_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  "_format_version", "_transform", "_comment", "_ignore",
  "services", "routes", "consumers", "plugins", "upstreams", "targets", "certificates",
  "ca_certificates", "snis", "vaults", "filter_chains", "keyauth_credentials",
  "basicauth_credentials", "hmacauth_credentials", "jwt_secrets", "oauth2_credentials", "acls",
]);

/** The only vault backend open-source Kong ships. */
const OSS_VAULTS: ReadonlySet<string> = new Set(["env"]);

/**
 * Lists everything in a declarative file that open-source Kong 3.9 would
 * reject or silently ignore: Konnect / Enterprise entities (consumer groups,
 * licences, RBAC…), decK-only metadata, consumer group memberships and
 * group-scoped plugins, Enterprise plugins and vault backends. Empty when
 * the file is safe for the `kong:3.9` image in DB-less mode.
 */
export function findEnterpriseOnly(config: DeclarativeConfig): string[] {
  const found: string[] = [];
  for (const key of Object.keys(config)) {
    if (!OSS_TOP_LEVEL_KEYS.has(key)) found.push(key);
  }
  config.consumers?.forEach((consumer, i) => {
    if ("groups" in consumer) found.push(`consumers[${i}].groups`);
  });
  for (const { where, plugin } of listPlugins(config)) {
    if (!OSS_PLUGINS.has(plugin.name)) found.push(`${where} (${plugin.name})`);
    // Open-source Kong's plugin schema has no such field and refuses to start.
    if ("consumer_group" in plugin) found.push(`${where}.consumer_group`);
  }
  const vaults = Array.isArray(config["vaults"]) ? (config["vaults"] as { name?: unknown }[]) : [];
  vaults.forEach((vault, i) => {
    if (typeof vault.name !== "string" || !OSS_VAULTS.has(vault.name)) {
      found.push(`vaults[${i}] (${String(vault.name)})`);
    }
  });
  return found;
}
