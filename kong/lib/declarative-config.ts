import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

/**
 * The shape of a decK / Kong declarative file, as far as this project reads it.
 * Objects stay loose: Kong accepts many more fields than the ones checked here,
 * and the renderer must carry them through untouched.
 */
const pluginSchema = z.looseObject({
  name: z.string().min(1),
  config: z.record(z.string(), z.unknown()).optional(),
});

const routeSchema = z.looseObject({
  name: z.string().min(1),
  paths: z.array(z.string()).optional(),
  methods: z.array(z.string()).optional(),
  protocols: z.array(z.string()).optional(),
  plugins: z.array(pluginSchema).optional(),
});

const serviceSchema = z.looseObject({
  name: z.string().min(1),
  routes: z.array(routeSchema).optional(),
  plugins: z.array(pluginSchema).optional(),
});

/** How decK and Kong name a consumer: Kong requires a username or a custom_id. */
const consumerIdentity = {
  id: z.string().min(1).optional(),
  username: z.string().min(1).optional(),
  custom_id: z.string().min(1).optional(),
};
const hasName = (consumer: { username?: string; custom_id?: string }) =>
  consumer.username !== undefined || consumer.custom_id !== undefined;
const NEEDS_NAME = { message: "a consumer needs a username or a custom_id" };

const consumerSchema = z
  .looseObject({
    ...consumerIdentity,
    groups: z.array(z.looseObject({ name: z.string().min(1) })).optional(),
    plugins: z.array(pluginSchema).optional(),
    keyauth_credentials: z.array(z.looseObject({ key: z.string().optional() })).optional(),
  })
  .refine(hasName, NEEDS_NAME);

/** A member listed under its group, by username, custom_id or id. */
const memberSchema = z
  .looseObject(consumerIdentity)
  .refine((member) => hasName(member) || member.id !== undefined, {
    message: "a group member needs a username, a custom_id or an id",
  });

const consumerGroupSchema = z.looseObject({
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  consumers: z.array(memberSchema).optional(),
  plugins: z.array(pluginSchema).optional(),
});

export const declarativeConfigSchema = z.looseObject({
  _format_version: z.literal("3.0"),
  _info: z.looseObject({ select_tags: z.array(z.string()).optional() }).optional(),
  services: z.array(serviceSchema).optional(),
  consumers: z.array(consumerSchema).optional(),
  consumer_groups: z.array(consumerGroupSchema).optional(),
  plugins: z.array(pluginSchema).optional(),
});

export type KongPlugin = z.infer<typeof pluginSchema>;
export type KongRoute = z.infer<typeof routeSchema>;
export type KongService = z.infer<typeof serviceSchema>;
export type KongConsumer = z.infer<typeof consumerSchema>;
export type KongGroupMember = z.infer<typeof memberSchema>;
export type KongConsumerGroup = z.infer<typeof consumerGroupSchema>;
export type DeclarativeConfig = z.infer<typeof declarativeConfigSchema>;

/** Default location of the decK source file, relative to the repository root. */
export const KONG_SOURCE_PATH = "kong/kong.yaml";

/**
 * Parses a declarative file and checks its outline.
 * @throws Error naming `source` and the first field that does not fit.
 */
export function parseDeclarativeConfig(text: string, source: string): DeclarativeConfig {
  const raw: unknown = parse(text, { merge: true, maxAliasCount: 100 });
  const result = declarativeConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "(root)";
    throw new Error(`${source}: ${where}: ${issue?.message ?? "invalid declarative config"}`);
  }
  // A JSON round trip turns YAML aliases into separate copies (structuredClone
  // would keep them shared), so editing one copy never changes another.
  // The checked input is returned rather than zod's output to keep the
  // author's key order in rendered files.
  return JSON.parse(JSON.stringify(raw)) as DeclarativeConfig;
}

/** Reads and parses a declarative file from disk. */
export function loadDeclarativeConfig(path: string = KONG_SOURCE_PATH): DeclarativeConfig {
  return parseDeclarativeConfig(readFileSync(path, "utf8"), path);
}

/** Fields a plugin may hold once only in a whole Kong config. */
const UNIQUE_PLUGIN_FIELDS = ["id", "instance_name"];

/** A plugin to attach somewhere else too: a deep copy without its `id` and `instance_name`. */
export function copyPlugin(plugin: KongPlugin): KongPlugin {
  const copy = structuredClone(plugin);
  for (const field of UNIQUE_PLUGIN_FIELDS) delete copy[field];
  return copy;
}

/** A consumer's name for messages: its username, else its custom_id. */
export function consumerLabel(consumer: KongGroupMember): string {
  return consumer.username ?? (consumer.custom_id === undefined ? `id ${consumer.id}` : `custom_id ${consumer.custom_id}`);
}

/** Every plugin in the file with a readable location, wherever it is attached. */
export function listPlugins(config: DeclarativeConfig): { where: string; plugin: KongPlugin }[] {
  const found: { where: string; plugin: KongPlugin }[] = [];
  const add = (where: string, plugins: KongPlugin[] | undefined) =>
    plugins?.forEach((plugin, i) => found.push({ where: `${where}plugins[${i}]`, plugin }));
  add("", config.plugins);
  config.services?.forEach((service, s) => {
    add(`services[${s}].`, service.plugins);
    service.routes?.forEach((route, r) => add(`services[${s}].routes[${r}].`, route.plugins));
  });
  config.consumers?.forEach((consumer, c) => add(`consumers[${c}].`, consumer.plugins));
  config.consumer_groups?.forEach((group, g) => add(`consumer_groups[${g}].`, group.plugins));
  return found;
}
