import { describe, expect, it } from "vitest";
import { generateToken, hashToken } from "./tokens.server.ts";

describe("tokens", () => {
  it("are 160 random bits in lowercase base32", () => {
    const token = generateToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const many = new Set(Array.from({ length: 200 }, generateToken));
    expect(many.size).toBe(200);
  });

  it("hash to the hex SHA-256 of the token (the only form stored)", () => {
    // SHA-256("abc"), from FIPS 180-2.
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const token = generateToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token);
    expect(hashToken(generateToken())).not.toBe(hashToken(token));
  });
});
