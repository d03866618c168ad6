import { describe, expect, it } from "vitest";
import { checkPassword, commonPasswords } from "./password-policy.server.ts";

describe("checkPassword", () => {
  it("accepts a long, uncommon password", () => {
    expect(checkPassword("violet-harbour-lantern-42")).toEqual([]);
  });

  it("rejects passwords shorter than 10 characters", () => {
    expect(checkPassword("Xk7#pq2!z")).toContain("auth:errors.passwordTooShort");
    expect(checkPassword("Xk7#pq2!zA")).not.toContain("auth:errors.passwordTooShort");
  });

  it("counts characters, not UTF-16 units", () => {
    // 5 astral characters are 10 UTF-16 units but only 5 characters.
    expect(checkPassword("😀😀😀😀😀")).toContain("auth:errors.passwordTooShort");
    expect(checkPassword("外贸转型升级基地经验交流")).toEqual([]);
  });

  it("rejects overly long passwords", () => {
    expect(checkPassword("a".repeat(201) + "Zq")).toContain("auth:errors.passwordTooLong");
  });

  it("uses a list of at least 10,000 common passwords", () => {
    expect(commonPasswords().size).toBeGreaterThanOrEqual(10_000);
  });

  it("rejects common passwords of any length, case-insensitively", () => {
    expect(checkPassword("1234567890")).toContain("auth:errors.passwordCommon");
    expect(checkPassword("qwertyuiop")).toContain("auth:errors.passwordCommon");
    expect(checkPassword("QwertyUIOP")).toContain("auth:errors.passwordCommon");
    expect(checkPassword("Password123")).toContain("auth:errors.passwordCommon");
  });

  it("rejects a password equal to the email or the username", () => {
    expect(checkPassword("Alice.Operator@example.cn", { email: "alice.operator@example.cn" })).toContain(
      "auth:errors.passwordIsEmail",
    );
    expect(checkPassword("Ningbo_Textiles", { username: "ningbo_textiles" })).toContain(
      "auth:errors.passwordIsUsername",
    );
    expect(checkPassword("violet-harbour-lantern-42", { email: "a@b.cn", username: "violet" })).toEqual([]);
  });
});
