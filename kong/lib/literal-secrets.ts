import { listPlugins, type DeclarativeConfig } from "./declarative-config.js";
import { isEnvReference } from "./env-references.js";

/** Config fields whose value is a secret by name. */
const SECRET_FIELD = /secret|password|passwd|token|api_?key|private|credential/i;
/** Header names that carry secrets, in `name:value` transformer entries. */
const SECRET_HEADER = /secret|key|token|authorization|cookie/i;
/** A long unbroken run of base64/hex characters: looks like a generated value. */
const TOKEN_LIKE = /^[A-Za-z0-9+/_=-]{24,}$/;
/** Plugin fields that name things rather than hold them. */
const NAME_FIELDS = new Set(["key_names", "header_name", "key_in_header", "key_in_query", "key_in_body"]);

type Visit = (path: string, key: string, text: string) => void;

/** Calls `visit` for every string under `value`, with its path and field name. */
function walk(value: unknown, path: string, key: string, visit: Visit): void {
  if (typeof value === "string") visit(path, key, value);
  else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`, key, visit));
  else if (value !== null && typeof value === "object") {
    for (const [name, item] of Object.entries(value)) walk(item, `${path}.${name}`, name, visit);
  }
}

function headerValue(entry: string): { name: string; value: string } | undefined {
  const colon = entry.indexOf(":");
  return colon > 0 ? { name: entry.slice(0, colon), value: entry.slice(colon + 1) } : undefined;
}

/**
 * Paths of values in a decK source that hold a secret written in clear
 * instead of an env placeholder: consumer keys, secret-named plugin fields,
 * secret headers added by transformer plugins, and anything shaped like a
 * generated token. Empty when every secret comes from the environment.
 */
export function findLiteralSecrets(config: DeclarativeConfig): string[] {
  const found = new Set<string>();
  const isLiteral = (text: string) => text.trim() !== "" && !isEnvReference(text);

  config.consumers?.forEach((consumer, c) =>
    consumer.keyauth_credentials?.forEach((credential, k) => {
      if (typeof credential.key === "string" && isLiteral(credential.key)) {
        found.add(`consumers[${c}].keyauth_credentials[${k}].key`);
      }
    }),
  );

  for (const { where, plugin } of listPlugins(config)) {
    walk(plugin.config, `${where}.config`, "config", (path, key, text) => {
      const header = headerValue(text);
      const secretHeader = header && SECRET_HEADER.test(header.name) && /headers\[\d+\]$/.test(path);
      if (secretHeader && isLiteral(header.value)) found.add(path);
      if (SECRET_FIELD.test(key) && !NAME_FIELDS.has(key) && isLiteral(text)) found.add(path);
    });
  }

  walk(config, "", "", (path, _key, text) => {
    if (TOKEN_LIKE.test(text) && !isEnvReference(text)) found.add(path.slice(1));
  });
  return [...found];
}
