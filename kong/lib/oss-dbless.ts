import { flattenConsumerGroups } from "./consumer-groups.js";
import type { DeclarativeConfig, KongRoute } from "./declarative-config.js";
import { findEnterpriseOnly } from "./enterprise-only.js";

/** Options for {@link toOssDbless}. */
export interface OssDblessOptions {
  /**
   * Also accept plain HTTP on routes limited to HTTPS, for a gateway with no
   * TLS listener. Off, plain HTTP gets Kong's 426 as in Konnect.
   * @default false
   */
  readonly allowPlainHttp?: boolean;
}

/** decK's sync target: the Konnect control plane or workspace. */
const DECK_TARGET_KEYS = ["_konnect", "_workspace"];
/** decK file metadata that Kong itself does not understand. */
const DECK_ONLY_KEYS = ["_info", ...DECK_TARGET_KEYS];

function omit(config: DeclarativeConfig, keys: readonly string[]): DeclarativeConfig {
  const kept: Record<string, unknown> = { ...config };
  for (const key of keys) delete kept[key];
  return kept as DeclarativeConfig;
}

/**
 * The file without decK's sync target: a local gateway has no control plane,
 * so the variable naming it is neither needed nor read.
 */
export function withoutDeckTarget(config: DeclarativeConfig): DeclarativeConfig {
  return omit(config, DECK_TARGET_KEYS);
}

function withTags<T extends object>(entity: T, tags: readonly string[]): T {
  if (tags.length === 0) return entity;
  const own = (entity as { tags?: unknown }).tags;
  const merged = new Set([...(Array.isArray(own) ? (own as string[]) : []), ...tags]);
  return { ...entity, tags: [...merged] };
}

/** Service fields Kong rejects unless the service itself speaks HTTPS. */
const UPSTREAM_TLS_FIELDS = ["tls_verify", "tls_verify_depth", "ca_certificates", "client_certificate"];

/**
 * Kong refuses TLS settings on a plain-HTTP service (the local upstream is
 * http://sum-service:8080), so they go when the rendered URL is not HTTPS.
 */
function dropTlsForPlainUpstream<T extends Record<string, unknown>>(service: T): T {
  const url = service["url"];
  const protocol = typeof url === "string" ? url.split(":")[0] : service["protocol"];
  if (protocol === "https") return service;
  const kept = Object.entries(service).filter(([key]) => !UPSTREAM_TLS_FIELDS.includes(key));
  return Object.fromEntries(kept) as T;
}

function widenProtocols(route: KongRoute): KongRoute {
  const protocols = route.protocols;
  if (!protocols?.includes("https") || protocols.includes("http")) return route;
  return { ...route, protocols: ["http", ...protocols] };
}

/**
 * Turns the decK source (already free of env placeholders) into a DB-less
 * file for open-source Kong 3.9: consumer groups become per-consumer plugins,
 * decK metadata goes, TLS settings leave plain-HTTP upstreams, and decK's
 * select tags are written onto every entity as a sync would tag them.
 * @throws Error listing whatever Enterprise-only part is left and has no
 *   open-source equivalent (for example an Enterprise plugin).
 */
export function toOssDbless(source: DeclarativeConfig, options: OssDblessOptions = {}): DeclarativeConfig {
  const { allowPlainHttp = false } = options;
  const tags = source._info?.select_tags ?? [];
  const config = omit(flattenConsumerGroups(source), DECK_ONLY_KEYS);

  const tagPlugins = <P extends object>(plugins: P[] | undefined) => plugins?.map((p) => withTags(p, tags));
  const result: DeclarativeConfig = {
    ...config,
    services: config.services?.map((service) =>
      withTags(
        {
          ...dropTlsForPlainUpstream(service),
          plugins: tagPlugins(service.plugins),
          routes: service.routes?.map((route) => {
            const tagged = withTags({ ...route, plugins: tagPlugins(route.plugins) }, tags);
            return allowPlainHttp ? widenProtocols(tagged) : tagged;
          }),
        },
        tags,
      ),
    ),
    consumers: config.consumers?.map((consumer) =>
      withTags(
        {
          ...consumer,
          plugins: tagPlugins(consumer.plugins),
          keyauth_credentials: consumer.keyauth_credentials?.map((credential) => withTags(credential, tags)),
        },
        tags,
      ),
    ),
    plugins: tagPlugins(config.plugins),
  };

  const dropUndefined = JSON.parse(JSON.stringify(result)) as DeclarativeConfig;
  const leftovers = findEnterpriseOnly(dropUndefined);
  if (leftovers.length > 0) {
    throw new Error(`no open-source Kong equivalent for: ${leftovers.join(", ")}`);
  }
  return dropUndefined;
}
