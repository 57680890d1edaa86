import { describe, expect, it } from "vitest";
import { flattenConsumerGroups } from "../../kong/lib/consumer-groups.js";
import { loadDeclarativeConfig, parseDeclarativeConfig } from "../../kong/lib/declarative-config.js";
import { findEnterpriseOnly } from "../../kong/lib/enterprise-only.js";

const limit = (minute: number) => ({ name: "rate-limiting", config: { minute, policy: "local" } });
const config = (consumers: unknown[], groups: unknown[]) =>
  parseDeclarativeConfig(
    JSON.stringify({ _format_version: "3.0", consumers, consumer_groups: groups }),
    "fixture.yaml",
  );

describe("flattenConsumerGroups", () => {
  it("gives each member a copy of its group's plugins and drops the groups", () => {
    const flat = flattenConsumerGroups(
      config([{ username: "a", groups: [{ name: "pro" }] }, { username: "b" }], [{ name: "pro", plugins: [limit(600)] }]),
    );
    expect(flat.consumers).toEqual([{ username: "a", plugins: [limit(600)] }, { username: "b" }]);
    expect(findEnterpriseOnly(flat)).toEqual([]);
  });

  it("keeps a consumer's own plugin over its group's, as Kong's precedence does", () => {
    const flat = flattenConsumerGroups(
      config([{ username: "a", groups: [{ name: "pro" }], plugins: [limit(5)] }], [{ name: "pro", plugins: [limit(600)] }]),
    );
    expect(flat.consumers?.[0]?.plugins).toEqual([limit(5)]);
  });

  it("refuses two groups setting the same plugin for one consumer", () => {
    const groups = [
      { name: "free", plugins: [limit(20)] },
      { name: "pro", plugins: [limit(600)] },
    ];
    expect(() => flattenConsumerGroups(config([{ username: "a", groups: [{ name: "free" }, { name: "pro" }] }], groups))).toThrow(
      "consumer 'a' gets plugin 'rate-limiting' from both 'free' and 'pro'",
    );
  });

  it("gives consumers outside every tier the free tier's limit on /sum", () => {
    const source = loadDeclarativeConfig("kong/kong.yaml");
    const free = source.consumer_groups?.find((g) => g.name === "free")?.plugins?.[0];
    const sum = source.services?.[0]?.routes?.find((r) => r.name === "sum");
    expect(sum?.plugins?.find((p) => p.name === "rate-limiting")).toEqual(free);
  });
});

describe("findEnterpriseOnly", () => {
  it("names Konnect and Enterprise parts that open-source Kong would refuse", () => {
    const found = findEnterpriseOnly(
      parseDeclarativeConfig(
        JSON.stringify({
          _format_version: "3.0",
          _konnect: { control_plane_name: "cp" },
          licenses: [],
          consumers: [{ username: "a", groups: [{ name: "pro" }] }],
          services: [{ name: "s", plugins: [{ name: "openid-connect" }] }],
          vaults: [{ name: "aws", prefix: "aws" }],
        }),
        "fixture.yaml",
      ),
    );
    expect(found).toEqual([
      "_konnect",
      "licenses",
      "consumers[0].groups",
      "services[0].plugins[0] (openid-connect)",
      "vaults[0] (aws)",
    ]);
  });
});
