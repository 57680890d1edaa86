import type { DeclarativeConfig, KongConsumer, KongPlugin } from "./declarative-config.js";

/**
 * Open-source Kong has no consumer groups. Giving each member its group's
 * plugins as consumer-scoped plugins keeps the same limits: in Kong's plugin
 * precedence a consumer-scoped plugin, like a group-scoped one, wins over the
 * route-scoped default.
 *
 * A plugin the consumer already has keeps its own settings, as a consumer
 * scope beats a group scope in Kong Enterprise.
 * @throws Error when a consumer names an unknown group, or two of its groups
 *   configure the same plugin (Kong would pick one silently).
 */
export function flattenConsumerGroups(config: DeclarativeConfig): DeclarativeConfig {
  const { consumer_groups: groups = [], ...rest } = config;
  const pluginsByGroup = new Map(groups.map((group) => [group.name, group.plugins ?? []]));

  const consumers = config.consumers?.map((consumer): KongConsumer => {
    const { groups: memberships = [], ...fields } = consumer;
    const own = new Set((consumer.plugins ?? []).map((plugin) => plugin.name));
    const inherited = new Map<string, { group: string; plugin: KongPlugin }>();

    for (const { name: group } of memberships) {
      const plugins = pluginsByGroup.get(group);
      if (!plugins) {
        throw new Error(`consumer '${consumer.username}' is in unknown consumer group '${group}'`);
      }
      for (const plugin of plugins) {
        if (own.has(plugin.name)) continue;
        const clash = inherited.get(plugin.name);
        if (clash) {
          throw new Error(
            `consumer '${consumer.username}' gets plugin '${plugin.name}' from both '${clash.group}' and '${group}'`,
          );
        }
        inherited.set(plugin.name, { group, plugin });
      }
    }

    const copies = [...inherited.values()].map(({ plugin }) => structuredClone(plugin));
    const plugins = [...(consumer.plugins ?? []), ...copies];
    return plugins.length > 0 ? { ...fields, plugins } : fields;
  });

  return consumers ? { ...rest, consumers } : rest;
}
