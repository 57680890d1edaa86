import {
  consumerLabel,
  copyPlugin,
  type DeclarativeConfig,
  type KongConsumer,
  type KongConsumerGroup,
  type KongGroupMember,
  type KongPlugin,
} from "./declarative-config.js";

/** Scopes that, combined with a consumer group, open-source Kong cannot express per member. */
const OTHER_SCOPES = ["route", "service", "consumer"];

/** The group a top-level plugin names: decK writes a name or id, Kong also `{ id }` / `{ name }`. */
function groupReference(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object") {
    const { id, name } = value as { id?: unknown; name?: unknown };
    if (typeof name === "string") return name;
    if (typeof id === "string") return id;
  }
  return undefined;
}

function findGroup(groups: readonly KongConsumerGroup[], reference: string): KongConsumerGroup | undefined {
  return groups.find((group) => group.name === reference || group.id === reference);
}

function isMember(consumer: KongConsumer, member: KongGroupMember): boolean {
  return (["username", "custom_id", "id"] as const).some(
    (field) => member[field] !== undefined && member[field] === consumer[field],
  );
}

/**
 * Each group's plugins: the ones written under it and the top-level ones
 * scoped to it with `consumer_group:` (another way decK writes the same thing).
 * @throws Error for a top-level plugin naming an unknown group, scoped to a
 *   group and a route, service or consumer at once, or a group configuring
 *   one plugin twice.
 */
function groupPlugins(config: DeclarativeConfig, groups: readonly KongConsumerGroup[]) {
  const byGroup = new Map(groups.map((group) => [group.name, [...(group.plugins ?? [])]]));
  const unscoped: KongPlugin[] = [];
  config.plugins?.forEach((plugin, i) => {
    if (!("consumer_group" in plugin)) {
      unscoped.push(plugin);
      return;
    }
    const where = `plugins[${i}] (${plugin.name})`;
    const reference = groupReference(plugin["consumer_group"]);
    const group = reference === undefined ? undefined : findGroup(groups, reference);
    if (!group) throw new Error(`${where} is scoped to unknown consumer group '${String(reference)}'`);
    const other = OTHER_SCOPES.filter((scope) => plugin[scope] !== undefined && plugin[scope] !== null);
    if (other.length > 0) {
      throw new Error(
        `${where} is scoped to consumer group '${group.name}' and a ${other.join(" and a ")}: ` +
          "open-source Kong has no equivalent",
      );
    }
    const { consumer_group: _scope, ...groupPlugin } = plugin;
    byGroup.get(group.name)?.push(groupPlugin);
  });
  for (const [name, plugins] of byGroup) {
    const seen = new Set<string>();
    for (const { name: plugin } of plugins) {
      if (seen.has(plugin)) throw new Error(`consumer group '${name}' configures plugin '${plugin}' twice`);
      seen.add(plugin);
    }
  }
  return { byGroup, unscoped };
}

/**
 * Every consumer's groups, wherever the file writes the membership: under
 * the consumer (`consumers[].groups`) or under the group
 * (`consumer_groups[].consumers[]`).
 * @throws Error for a membership naming an unknown group or consumer.
 */
function memberships(consumers: readonly KongConsumer[], groups: readonly KongConsumerGroup[]): Set<string>[] {
  const found = consumers.map((consumer) => {
    const names = new Set<string>();
    for (const { name } of consumer.groups ?? []) {
      const group = findGroup(groups, name);
      if (!group) throw new Error(`consumer '${consumerLabel(consumer)}' is in unknown consumer group '${name}'`);
      names.add(group.name);
    }
    return names;
  });
  for (const group of groups) {
    for (const member of group.consumers ?? []) {
      const index = consumers.findIndex((consumer) => isMember(consumer, member));
      if (index < 0) {
        throw new Error(`consumer group '${group.name}' lists unknown consumer '${consumerLabel(member)}'`);
      }
      found[index]?.add(group.name);
    }
  }
  return found;
}

/** Names of plugins scoped to this consumer alone, nested or top-level. */
function ownPluginNames(consumer: KongConsumer, topLevel: readonly KongPlugin[]): Set<string> {
  const own = new Set((consumer.plugins ?? []).map((plugin) => plugin.name));
  for (const plugin of topLevel) {
    const reference = groupReference(plugin["consumer"]);
    const alone = plugin["route"] === undefined && plugin["service"] === undefined;
    if (alone && reference !== undefined && [consumer.username, consumer.custom_id, consumer.id].includes(reference)) {
      own.add(plugin.name);
    }
  }
  return own;
}

/**
 * Open-source Kong has no consumer groups. Giving each member its group's
 * plugins as consumer-scoped plugins keeps the same limits: in Kong's plugin
 * precedence a consumer-scoped plugin, like a group-scoped one, wins over the
 * route-scoped default.
 *
 * A plugin the consumer already has keeps its own settings, as a consumer
 * scope beats a group scope in Kong Enterprise. Copies leave out the group
 * plugin's `id` and `instance_name`, which Kong accepts once per config.
 * @throws Error when a membership or a plugin names an unknown group or
 *   consumer, a top-level plugin combines a group with another scope, or two
 *   of a consumer's groups configure the same plugin (Kong would pick one
 *   silently).
 */
export function flattenConsumerGroups(config: DeclarativeConfig): DeclarativeConfig {
  const { consumer_groups: groups = [], plugins: _plugins, ...rest } = config;
  const { byGroup, unscoped } = groupPlugins(config, groups);
  const groupsOf = memberships(config.consumers ?? [], groups);

  const consumers = config.consumers?.map((consumer, c): KongConsumer => {
    const { groups: _listed, ...fields } = consumer;
    const own = ownPluginNames(consumer, unscoped);
    const inherited = new Map<string, { group: string; plugin: KongPlugin }>();

    for (const group of groupsOf[c] ?? []) {
      for (const plugin of byGroup.get(group) ?? []) {
        if (own.has(plugin.name)) continue;
        const clash = inherited.get(plugin.name);
        if (clash) {
          throw new Error(
            `consumer '${consumerLabel(consumer)}' gets plugin '${plugin.name}' from both '${clash.group}' and '${group}'`,
          );
        }
        inherited.set(plugin.name, { group, plugin });
      }
    }

    const copies = [...inherited.values()].map(({ plugin }) => copyPlugin(plugin));
    const plugins = [...(consumer.plugins ?? []), ...copies];
    return plugins.length > 0 ? { ...fields, plugins } : fields;
  });

  return {
    ...rest,
    ...(consumers ? { consumers } : {}),
    ...(config.plugins ? { plugins: unscoped } : {}),
  } as DeclarativeConfig;
}
