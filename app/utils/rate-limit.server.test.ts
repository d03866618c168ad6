import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { dataDir } from "./database-url.ts";

// The limits read env() on every call; a mocked env lets one test switch them off.
const envState = { RATE_LIMITS: true };
vi.mock("./env.server.ts", () => ({ env: () => envState }));

const { LIMITS, consume, peek, rateLimitMessage, refund, reset, retryMinutes } = await import("./rate-limit.server.ts");

afterEach(() => {
  envState.RATE_LIMITS = true;
});

describe("rate limits", () => {
  it("allow the configured number of points, then refuse with a wait", async () => {
    const key = "account-a";
    for (let i = 0; i < LIMITS.loginPair.points; i++) expect(await consume([["loginPair", key]])).toEqual({ ok: true });
    const blocked = await consume([["loginPair", key]]);
    expect(blocked.ok).toBe(false);
    if (!blocked.ok) {
      expect(blocked.retryAfterMs).toBeGreaterThan(14 * 60_000);
      expect(blocked.retryAfterMs).toBeLessThanOrEqual(15 * 60_000);
    }
    expect((await peek([["loginPair", key]])).ok).toBe(false);
  });

  it("keep their counts in DATA_DIR/rate-limit.db", async () => {
    await consume([["signupIp", "192.0.2.1"]]);
    expect(fs.existsSync(path.join(dataDir(), "rate-limit.db"))).toBe(true);
  });

  it("treat keys case-insensitively and keep limits apart", async () => {
    for (let i = 0; i < LIMITS.resetAccount.points; i++) await consume([["resetAccount", "Li@Example.cn"]]);
    expect((await consume([["resetAccount", "li@example.cn"]])).ok).toBe(false);
    expect((await consume([["resetIp", "li@example.cn"]])).ok).toBe(true);
  });

  it("refuse when any of several limits is used up", async () => {
    for (let i = 0; i < LIMITS.verifyMailAccount.points; i++) await consume([["verifyMailAccount", "u1"]]);
    const res = await consume([
      ["verifyMailIp", "198.51.100.7"],
      ["verifyMailAccount", "u1"],
    ]);
    expect(res.ok).toBe(false);
  });

  it("can give points back and forget a key", async () => {
    for (let i = 0; i < LIMITS.signupIp.points; i++) await consume([["signupIp", "203.0.113.9"]]);
    await refund([["signupIp", "203.0.113.9"]]);
    expect((await consume([["signupIp", "203.0.113.9"]])).ok).toBe(true);
    expect((await consume([["signupIp", "203.0.113.9"]])).ok).toBe(false);
    await reset("signupIp", "203.0.113.9");
    expect((await consume([["signupIp", "203.0.113.9"]])).ok).toBe(true);
  });

  it("are all off when RATE_LIMITS is false", async () => {
    envState.RATE_LIMITS = false;
    for (let i = 0; i < LIMITS.loginPair.points * 3; i++) expect((await consume([["loginPair", "off"]])).ok).toBe(true);
    envState.RATE_LIMITS = true;
    expect((await consume([["loginPair", "off"]])).ok).toBe(true);
  });

  it("say when to retry, in whole minutes, in both languages", () => {
    expect(retryMinutes(1)).toBe(1);
    expect(retryMinutes(11 * 60_000 + 1)).toBe(12);
    expect(rateLimitMessage("en", 11.5 * 60_000)).toBe("Too many attempts. Try again in 12 minutes.");
    expect(rateLimitMessage("en", 30_000)).toBe("Too many attempts. Try again in 1 minute.");
    expect(rateLimitMessage("zh-CN", 11.5 * 60_000)).toBe("尝试次数过多，请在 12 分钟后重试。");
  });
});
