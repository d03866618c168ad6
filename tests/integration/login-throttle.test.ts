// Issue 10.3: five wrong passwords used to lock an account for 15 minutes for
// everyone, its owner's correct password included, so five requests per quarter
// hour kept an administrator out for good. Now (ADR 018): failures count per
// (account, address); an account-wide back-off starts only after many failures
// from everywhere and is capped at 15 minutes; a browser holding the account's
// signed device token (set at an earlier login) may always try.
import { describe, expect, it } from "vitest";
import * as login from "~/routes/login/route.tsx";
import { BACKOFF_FREE_FAILURES, BACKOFF_MAX_MS, backoffWaitMs } from "~/auth/login-throttle.server.ts";
import { DEVICE_COOKIE } from "~/auth/login-device.server.ts";
import { LIMITS } from "~/utils/rate-limit.server.ts";
import { callRoute, type RouteResult } from "../helpers/route.ts";
import { TEST_PASSWORD, createTestUser, freshIp } from "../helpers/users.ts";

function attempt(loginName: string, password: string, ip: string, cookie?: string) {
  return callRoute(login.action, {
    path: "/login",
    form: { login: loginName, password },
    headers: { "x-test-ip": ip },
    cookie,
  });
}

function deviceCookieOf(res: RouteResult): string {
  const value = new RegExp(`${DEVICE_COOKIE}=([^;]*)`).exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (!value) throw new Error(`no device cookie (status ${res.status})`);
  return `${DEVICE_COOKIE}=${value}`;
}

async function guess(loginName: string, times: number, ip: () => string) {
  const statuses = [];
  for (let i = 0; i < times; i++) statuses.push((await attempt(loginName, `wrong-guess-${i}`, ip())).status);
  return statuses;
}

describe("login throttling", () => {
  it("a login sets a long-lived, signed, HttpOnly device cookie", async () => {
    const user = await createTestUser();
    const res = await attempt(user.email, TEST_PASSWORD, freshIp());
    expect(res.status).toBe(302);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(
      new RegExp(`${DEVICE_COOKIE}=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+; Path=/; HttpOnly; SameSite=Lax; Max-Age=\\d{8}`),
    );
  });

  it("an attacker's five wrong passwords from address A stop neither the owner at B nor the owner's device, and the attacker is stopped", async () => {
    const owner = await createTestUser();
    const ownerIp = freshIp();
    const device = deviceCookieOf(await attempt(owner.username, TEST_PASSWORD, ownerIp));
    const attackerIp = freshIp();

    expect(await guess(owner.email, LIMITS.loginPair.points, () => attackerIp)).toEqual(
      Array(LIMITS.loginPair.points).fill(400),
    );
    // The per-pair limit stops the attacker, right password or not.
    const stopped = await attempt(owner.email, TEST_PASSWORD, attackerIp);
    expect(stopped.status).toBe(429);
    expect(Number(stopped.headers.get("retry-after"))).toBeGreaterThan(0);

    // The owner from another address…
    expect((await attempt(owner.email, TEST_PASSWORD, freshIp())).status).toBe(302);
    // …and the owner's own browser even at the attacker's address (one office, one NAT).
    expect((await attempt(owner.email, TEST_PASSWORD, attackerIp, device)).status).toBe(302);
  });

  it("guessing from many addresses puts the account in a back-off (capped at 15 minutes) that the owner's device does not see", async () => {
    const owner = await createTestUser();
    const device = deviceCookieOf(await attempt(owner.email, TEST_PASSWORD, freshIp()));
    // Two failures per address stay far below the pair limit; the account's count grows.
    const statuses: number[] = [];
    for (let i = 0; i < BACKOFF_FREE_FAILURES; i++) statuses.push(...(await guess(owner.email, 1, freshIp)));
    expect(statuses.every((s) => s === 400)).toBe(true);
    // The next attempts come faster than the back-off allows.
    await guess(owner.email, 1, freshIp);
    const held = await attempt(owner.email, TEST_PASSWORD, freshIp());
    expect(held.status).toBe(429);
    const wait = Number(held.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(BACKOFF_MAX_MS / 1000);
    // The owner's own browser is not held back.
    expect((await attempt(owner.email, TEST_PASSWORD, freshIp(), device)).status).toBe(302);
  });

  it("a device token only counts for its own account and only when its signature holds", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    const otherDevice = deviceCookieOf(await attempt(other.email, TEST_PASSWORD, freshIp()));
    const ownDevice = deviceCookieOf(await attempt(owner.email, TEST_PASSWORD, freshIp()));
    const [name, value] = ownDevice.split("=");
    const tampered = `${name}=${value!.slice(0, -2)}${value!.endsWith("A") ? "B" : "A"}x`;
    const ip = freshIp();
    await guess(owner.email, LIMITS.loginPair.points, () => ip);
    for (const cookie of [otherDevice, tampered]) {
      expect((await attempt(owner.email, TEST_PASSWORD, ip, cookie)).status, cookie).toBe(429);
    }
    // A browser remembers several accounts: logging into the other keeps this one.
    const both = await attempt(other.email, TEST_PASSWORD, freshIp(), ownDevice);
    const cookie = deviceCookieOf(both);
    expect((await attempt(owner.email, TEST_PASSWORD, ip, cookie)).status).toBe(302);
  });

  it("a device holder's own failures are limited too", async () => {
    const owner = await createTestUser();
    const device = deviceCookieOf(await attempt(owner.email, TEST_PASSWORD, freshIp()));
    for (let i = 0; i < LIMITS.loginPair.points; i++)
      expect((await attempt(owner.email, `wrong-${i}`, freshIp(), device)).status).toBe(400);
    expect((await attempt(owner.email, TEST_PASSWORD, freshIp(), device)).status).toBe(429);
    // Without the (now limited) device, another address may still try.
    expect((await attempt(owner.email, TEST_PASSWORD, freshIp())).status).toBe(302);
  });

  it("unknown names are throttled the same way (no hint whether the account exists)", async () => {
    const ip = freshIp();
    expect(await guess("nobody-here@example.cn", LIMITS.loginPair.points, () => ip)).toEqual(
      Array(LIMITS.loginPair.points).fill(400),
    );
    expect((await attempt("nobody-here@example.cn", "x", ip)).status).toBe(429);
  });
});

describe("backoffWaitMs", () => {
  it("is free up to the allowance, then doubles from one second and never exceeds 15 minutes", () => {
    const now = 1_000_000_000;
    expect(backoffWaitMs(BACKOFF_FREE_FAILURES - 1, now, now)).toBe(0);
    expect(backoffWaitMs(BACKOFF_FREE_FAILURES, now, now)).toBe(1000);
    expect(backoffWaitMs(BACKOFF_FREE_FAILURES + 3, now, now)).toBe(8000);
    for (let n = 0; n < 200; n++) expect(backoffWaitMs(n, now, now)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
    expect(backoffWaitMs(1000, now, now)).toBe(BACKOFF_MAX_MS);
    expect(backoffWaitMs(1000, now - BACKOFF_MAX_MS, now)).toBe(0);
  });
});
