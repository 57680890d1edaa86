import { describe, expect, it } from "vitest";
import { loadDeclarativeConfig, parseDeclarativeConfig } from "../../kong/lib/declarative-config.js";
import { findLiteralSecrets } from "../../kong/lib/literal-secrets.js";

const withSecret = (fragment: string) =>
  parseDeclarativeConfig(`_format_version: "3.0"\n${fragment}`, "fixture.yaml");

describe("findLiteralSecrets", () => {
  it("finds none in kong/kong.yaml: every key and secret comes from the environment", () => {
    expect(findLiteralSecrets(loadDeclarativeConfig("kong/kong.yaml"))).toEqual([]);
  });

  it("flags a consumer key written in clear", () => {
    const config = withSecret(`consumers:\n  - username: a\n    keyauth_credentials:\n      - key: hunter2\n`);
    expect(findLiteralSecrets(config)).toEqual(["consumers[0].keyauth_credentials[0].key"]);
  });

  it("flags a gateway secret header added with a literal value", () => {
    const config = withSecret(
      [
        "plugins:",
        "  - name: request-transformer",
        "    config:",
        "      add:",
        "        headers:",
        "          - x-gateway-secret:not-from-env",
        "          - x-trace:on",
      ].join("\n"),
    );
    expect(findLiteralSecrets(config)).toEqual(["plugins[0].config.add.headers[0]"]);
  });

  it("flags a secret-named plugin field and a token-shaped value anywhere", () => {
    const config = withSecret(
      [
        "plugins:",
        "  - name: http-log",
        "    config:",
        "      client_secret: plain",
        "      http_endpoint: Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0",
      ].join("\n"),
    );
    expect(findLiteralSecrets(config).sort()).toEqual(
      ["plugins[0].config.client_secret", "plugins[0].config.http_endpoint"].sort(),
    );
  });

  it("accepts env placeholders wherever a secret goes", () => {
    const config = withSecret(
      `consumers:\n  - username: a\n    keyauth_credentials:\n      - key: '\${{ env "DECK_A" }}'\n`,
    );
    expect(findLiteralSecrets(config)).toEqual([]);
  });
});
