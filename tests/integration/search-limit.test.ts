// Issue 10.5: the search limit was per IP only, so behind a proxy the app does
// not trust every visitor shared one bucket: one heavy user blocked everybody.
// Now members have their own bucket, and visitors behind an untrusted proxy are
// told apart by their X-Forwarded-For claim under a ceiling for the whole proxy.
import { describe, expect, it } from "vitest";
import { env } from "~/utils/env.server.ts";
import { consume, LIMITS, searchLimitChecks } from "~/utils/rate-limit.server.ts";
import { callSearchApi, SEARCH_API_WAYS, type SearchApiWay } from "../helpers/search-api.ts";
import { cookieFor, createTestUser, freshIp } from "../helpers/users.ts";

function search(way: SearchApiWay, proxy: string, forwardedFor?: string, cookie?: string) {
  return callSearchApi(way, {
    path: "/api/search?q=%E7%89%A9%E6%B5%81",
    cookie,
    headers: { "x-test-ip": proxy, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
  });
}

/** Spends a visitor's whole allowance the way the routes do. */
async function exhaust(proxy: string, forwardedFor: string) {
  const request = new Request("http://127.0.0.1/api/search", { headers: { "x-forwarded-for": forwardedFor } });
  const checks = searchLimitChecks({ user: null, clientIp: proxy }, request);
  for (let i = 0; i < LIMITS.searchIp.points; i++) await consume(checks);
}

describe("search limit behind a proxy that is not trusted", () => {
  it("runs with TRUST_PROXY off", () => {
    expect(env().TRUST_PROXY).toBe(false);
  });

  it("without X-Forwarded-For, or with something that is not an address in it, the IP is the key", () => {
    const r = (xff?: string) =>
      new Request("http://x/", { headers: xff === undefined ? {} : { "x-forwarded-for": xff } });
    expect(searchLimitChecks({ user: null, clientIp: "192.0.2.1" }, r())).toEqual([["searchIp", "192.0.2.1"]]);
    expect(searchLimitChecks({ user: null, clientIp: "192.0.2.1" }, r("<script>"))).toEqual([
      ["searchIp", "192.0.2.1"],
    ]);
    expect(searchLimitChecks({ user: { id: "u1" }, clientIp: "192.0.2.1" }, r("1.2.3.4"))).toEqual([
      ["searchUser", "u1"],
    ]);
  });
});

describe.each(SEARCH_API_WAYS)("/api/search's limit behind a proxy that is not trusted, through %s", (way) => {
  it("one visitor using up their searches does not stop the others behind the same proxy, nor members", async () => {
    const proxy = freshIp();
    await exhaust(proxy, "198.51.100.7");
    const heavy = await search(way, proxy, "198.51.100.7, 10.0.0.1");
    expect(heavy.status).toBe(429);
    expect(Number(heavy.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await search(way, proxy, "198.51.100.8")).status).toBe(200);
    const member = await createTestUser();
    expect((await search(way, proxy, "198.51.100.7", await cookieFor(member.id))).status).toBe(200);
  });

  it("forging X-Forwarded-For buys no more than the proxy's ceiling", async () => {
    const proxy = freshIp();
    const ceiling = LIMITS.searchProxy.points;
    const perClaim = LIMITS.searchIp.points;
    for (let claim = 0; claim * perClaim < ceiling; claim++) await exhaust(proxy, `203.0.113.${claim}`);
    expect((await search(way, proxy, "192.0.2.99")).status).toBe(429);
  });
});
