import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AcceptedSecrets, MAX_SECRET_BYTES } from "../../app/gateway/accepted-secrets.js";

describe("AcceptedSecrets", () => {
  const secret = "gw-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRST";

  it("accepts exactly the configured values", () => {
    const accepted = new AcceptedSecrets([secret, "previous-value"]);
    expect([accepted.matches(secret), accepted.matches("previous-value")]).toEqual([true, true]);
  });

  it.each([
    ["a prefix", secret.slice(0, -1)],
    ["an extension", `${secret}x`],
    ["the value padded with NUL", `${secret}\0`],
    ["a different last character", `${secret.slice(0, -1)}U`],
    ["a different case", secret.toUpperCase()],
    ["the empty string", ""],
    ["a value over the size limit", "a".repeat(MAX_SECRET_BYTES + 1)],
    ["a multi-byte value over the limit in bytes", "é".repeat(MAX_SECRET_BYTES / 2 + 1)],
  ])("refuses %s", (_name, presented) => {
    expect(new AcceptedSecrets([secret]).matches(presented)).toBe(false);
  });

  it("matches multi-byte values by their UTF-8 bytes", () => {
    const accepted = new AcceptedSecrets(["clé-ü-секрет"]);
    expect([accepted.matches("clé-ü-секрет"), accepted.matches("cle-u-секрет")]).toEqual([true, false]);
  });

  it("accepts a value of exactly the size limit", () => {
    const longest = "z".repeat(MAX_SECRET_BYTES);
    expect(new AcceptedSecrets([longest]).matches(longest)).toBe(true);
  });

  it("refuses to hold a value over the size limit, without echoing it", () => {
    expect(() => new AcceptedSecrets(["q".repeat(MAX_SECRET_BYTES + 1)])).toThrow(new RangeError("a gateway secret is longer than 256 bytes"));
  });

  it("ignores empty values, so an empty secret never accepts an empty header", () => {
    const accepted = new AcceptedSecrets([""]);
    expect([accepted.size, accepted.matches("")]).toEqual([0, false]);
  });

  it("agrees with plain string equality on random values, across checks sharing one scratch buffer", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80, unit: "grapheme" }), fc.string({ maxLength: 300, unit: "grapheme" }), (value, presented) => {
        const accepted = new AcceptedSecrets([value]);
        expect(accepted.matches(presented)).toBe(presented === value);
        expect(accepted.matches(value)).toBe(true);
      }),
    );
  });
});
