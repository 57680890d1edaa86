/**
 * decK's environment placeholders: `${{ env "DECK_NAME" }}`, resolved at sync
 * time. The renderer resolves them the same way so the DB-less file and a
 * Konnect sync read the same variables and fail on the same mistakes.
 */
const ENV_REFERENCE = /\$\{\{\s*env\s+"([^"]*)"\s*\}\}/g;

/** decK refuses variables without this prefix, so the renderer does too. */
export const ENV_PREFIX = "DECK_";

export type Env = Readonly<Record<string, string | undefined>>;

/** Names of the variables a text refers to, in order of first use. */
export function listEnvReferences(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(ENV_REFERENCE)) names.add(match[1] ?? "");
  return [...names];
}

/** Every string inside a parsed value, in document order. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Names of the variables the string values of a parsed document refer to. */
export function listEnvReferencesIn(value: unknown): string[] {
  return listEnvReferences(stringsIn(value).join("\n"));
}

/** True when the whole string is exactly one placeholder. */
export function isEnvReference(value: string): boolean {
  return new RegExp(`^${ENV_REFERENCE.source}$`).test(value.trim());
}

function resolve(name: string, env: Env): string {
  if (!name.startsWith(ENV_PREFIX)) {
    throw new Error(
      `environment variables in the state file must be prefixed with '${ENV_PREFIX}', found: '${name}'`,
    );
  }
  const value = env[name];
  // decK accepts an empty value; here an empty key or secret would open the
  // gate or lock everyone out, so it counts as missing.
  if (value === undefined || value === "") {
    throw new Error(`environment variable '${name}' present in state file but not set`);
  }
  return value;
}

/**
 * Checks every variable a text refers to before anything is substituted, so
 * one run names all the missing ones.
 * @throws Error in one line: decK's message for one variable, a list for more.
 */
export function assertEnvSet(names: readonly string[], env: Env): void {
  const missing = names.filter((name) => name.startsWith(ENV_PREFIX) && !env[name]);
  if (missing.length === 1) resolve(missing[0] ?? "", env);
  if (missing.length > 1) {
    const list = missing.map((name) => `'${name}'`).join(", ");
    throw new Error(`environment variables ${list} present in state file but not set`);
  }
}

/**
 * Replaces every placeholder inside the string values of a parsed document.
 * Working on parsed values (not raw text) keeps any character in a value,
 * quotes and colons included, from changing the document's structure.
 * @throws Error naming the first unset variable, in decK's words.
 */
export function substituteEnvReferences<T>(value: T, env: Env): T {
  if (typeof value === "string") {
    return value.replace(ENV_REFERENCE, (_match, name: string) => resolve(name, env)) as T;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => substituteEnvReferences(item, env)) as T;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([key, item]) => [key, substituteEnvReferences(item, env)]);
    return Object.fromEntries(entries) as T;
  }
  return value;
}
