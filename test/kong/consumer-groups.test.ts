import { describe, expect, it } from "vitest";
import { flattenConsumerGroups } from "../../kong/lib/consumer-groups.js";
import { loadDeclarativeConfig, parseDeclarativeConfig } from "../../kong/lib/declarative-config.js";
import { findEnterpriseOnly } from "../../kong/lib/enterprise-only.js";

const limit = (minute: number) => ({ name: "rate-limiting", config: { minute, policy: "local" } });
const config = (consumers: unknown[], groups: unknown[], plugins?: unknown[]) =>
  parseDeclarativeConfig(
    JSON.stringify({ _format_version: "3.0", consumers, consumer_groups: groups, ...(plugins ? { plugins } : {}) }),
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

  it("counts members listed under the group, by username, custom_id or id, like those listing the group", () => {
    const flat = flattenConsumerGroups(
      config(
        [{ username: "a" }, { custom_id: "crm-7" }, { id: "c-3", username: "c" }, { username: "d" }],
        [{ name: "pro", consumers: [{ username: "a" }, { custom_id: "crm-7" }, { id: "c-3" }], plugins: [limit(600)] }],
      ),
    );
    expect(flat.consumers?.map((c) => c.plugins)).toEqual([[limit(600)], [limit(600)], [limit(600)], undefined]);
    expect(findEnterpriseOnly(flat)).toEqual([]);
  });

  it("counts a membership written in both places once", () => {
    const flat = flattenConsumerGroups(
      config([{ username: "a", groups: [{ name: "pro" }] }], [{ name: "pro", consumers: [{ username: "a" }], plugins: [limit(600)] }]),
    );
    expect(flat.consumers?.[0]?.plugins).toEqual([limit(600)]);
  });

  it("refuses a group listing a consumer the file does not define", () => {
    expect(() => flattenConsumerGroups(config([{ username: "a" }], [{ name: "pro", consumers: [{ username: "b" }] }]))).toThrow(
      "consumer group 'pro' lists unknown consumer 'b'",
    );
  });

  it("gives members copies without the group plugin's id and instance_name, which Kong accepts once", () => {
    const plugin = { ...limit(600), id: "0b7f3c52-1111-4c3a-9d7e-5a0f3a1c2b3d", instance_name: "pro-limit" };
    const flat = flattenConsumerGroups(
      config([{ username: "a", groups: [{ name: "pro" }] }, { username: "b", groups: [{ name: "pro" }] }], [
        { name: "pro", plugins: [plugin] },
      ]),
    );
    expect(flat.consumers?.map((c) => c.plugins)).toEqual([[limit(600)], [limit(600)]]);
  });

  it("turns a top-level plugin scoped with consumer_group into the group's plugin", () => {
    const flat = flattenConsumerGroups(
      config(
        [{ username: "a", groups: [{ name: "pro" }] }, { username: "b" }],
        [{ id: "g-1", name: "pro" }],
        [{ ...limit(600), consumer_group: "g-1" }, { name: "cors" }],
      ),
    );
    expect(flat.consumers?.map((c) => c.plugins)).toEqual([[limit(600)], undefined]);
    expect(flat.plugins).toEqual([{ name: "cors" }]);
    expect(findEnterpriseOnly(flat)).toEqual([]);
  });

  it("refuses a group-scoped plugin it cannot translate", () => {
    const groups = [{ name: "pro", plugins: [limit(600)] }];
    expect(() => flattenConsumerGroups(config([], groups, [{ ...limit(5), consumer_group: "gold" }]))).toThrow(
      "plugins[0] (rate-limiting) is scoped to unknown consumer group 'gold'",
    );
    expect(() => flattenConsumerGroups(config([], groups, [{ ...limit(5), consumer_group: "pro", route: "sum" }]))).toThrow(
      "plugins[0] (rate-limiting) is scoped to consumer group 'pro' and a route: open-source Kong has no equivalent",
    );
    expect(() => flattenConsumerGroups(config([], groups, [{ ...limit(5), consumer_group: "pro" }]))).toThrow(
      "consumer group 'pro' configures plugin 'rate-limiting' twice",
    );
  });

  it("keeps a consumer's own top-level plugin over its group's", () => {
    const flat = flattenConsumerGroups(
      config([{ username: "a", groups: [{ name: "pro" }] }], [{ name: "pro", plugins: [limit(600)] }], [
        { ...limit(5), consumer: "a" },
      ]),
    );
    expect(flat.consumers?.[0]).toEqual({ username: "a" });
    expect(flat.plugins).toEqual([{ ...limit(5), consumer: "a" }]);
  });

  it("accepts a consumer named by custom_id alone, and refuses one with neither name", () => {
    const flat = flattenConsumerGroups(config([{ custom_id: "crm-7", groups: [{ name: "pro" }] }], [{ name: "pro", plugins: [limit(600)] }]));
    expect(flat.consumers).toEqual([{ custom_id: "crm-7", plugins: [limit(600)] }]);
    expect(() => config([{ custom_id: "crm-7", groups: [{ name: "gold" }] }], [])).not.toThrow();
    expect(() => flattenConsumerGroups(config([{ custom_id: "crm-7", groups: [{ name: "gold" }] }], []))).toThrow(
      "consumer 'custom_id crm-7' is in unknown consumer group 'gold'",
    );
    expect(() => config([{ tags: ["x"] }], [])).toThrow("fixture.yaml: consumers.0: a consumer needs a username or a custom_id");
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
          services: [{ name: "s", plugins: [{ name: "openid-connect" }], routes: [{ name: "r", plugins: [{ ...limit(5), consumer_group: "pro" }] }] }],
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
      "services[0].routes[0].plugins[0].consumer_group",
      "vaults[0] (aws)",
    ]);
  });
});
