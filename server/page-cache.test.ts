import crypto from "node:crypto";
import type http from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageCache, type PageCacheOptions } from "./page-cache.ts";
import { canonicalPageUrl } from "./page-query.ts";

/** An Express app with a CSP nonce per request, the page cache, and `render` behind it; resolves with its origin. */
async function cachedApp(options: PageCacheOptions, render: express.RequestHandler) {
  const app = express();
  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(8).toString("hex");
    next();
  });
  const cache = pageCache(options);
  app.use(cache);
  app.get("*", render);
  const server: http.Server = app.listen(0);
  await new Promise((r) => server.once("listening", r));
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, cache };
}

let server: http.Server;
let base = "";
let renders = 0;

beforeAll(async () => {
  ({ origin: base, server } = await cachedApp(
    {
      ttlMs: 60_000,
      bypass: /^\/search/,
      hasSession: (req) => (req.get("cookie") ?? "").includes("bee_session="),
      localeOf: (req) => (req.get("accept-language")?.startsWith("en") ? "en" : "zh-CN"),
    },
    (req, res) => {
      renders += 1;
      if (req.query.lang) res.append("Set-Cookie", "lang=en");
      res
        .type("html")
        .send(
          `<html lang="${req.get("accept-language") ?? "zh"}"><script nonce="${res.locals.cspNonce}">1</script>render ${renders}</html>`,
        );
    },
  ));
});
afterAll(() => server.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(base + path, { headers: { accept: "text/html", ...headers } });

describe("anonymous page cache", () => {
  it("serves the same page to the next visitor without rendering, with a fresh nonce", async () => {
    const a = await get("/cases/x");
    const textA = await a.text();
    const before = renders;
    const b = await get("/cases/x");
    const textB = await b.text();
    expect(a.headers.get("x-page-cache")).toBe("miss");
    expect(b.headers.get("x-page-cache")).toBe("hit");
    expect(renders).toBe(before);
    const nonceA = /nonce="(\w+)"/.exec(textA)![1];
    const nonceB = /nonce="(\w+)"/.exec(textB)![1];
    expect(nonceA).not.toBe(nonceB);
    expect(textB.replace(nonceB!, nonceA!)).toBe(textA);
  });

  it("keeps languages apart", async () => {
    await get("/home", { "accept-language": "en" });
    const zh = await get("/home", { "accept-language": "zh-CN" });
    expect(zh.headers.get("x-page-cache")).toBe("miss");
    expect(await zh.text()).toContain('lang="zh-CN"');
  });

  it("never caches for signed-in members, bypassed paths or responses that set cookies", async () => {
    for (let i = 0; i < 2; i++) {
      const member = await get("/bases", { cookie: "bee_session=abc" });
      expect(member.headers.get("x-page-cache")).toBeNull();
      const search = await get("/search?q=x");
      expect(search.headers.get("x-page-cache")).toBeNull();
    }
    await get("/lang?lang=en");
    const second = await get("/lang?lang=en");
    expect(second.headers.get("x-page-cache")).toBe("miss");
  });
});

describe("cached copies on the wire", () => {
  it("sends gzip to clients that take it and plain text to those that do not, both with this request's nonce", async () => {
    await get("/wire");
    for (const encoding of ["gzip, deflate, br", "identity"]) {
      const res = await fetch(base + "/wire", {
        headers: { accept: "text/html", "accept-encoding": encoding },
      });
      expect(res.headers.get("x-page-cache")).toBe("hit");
      expect(res.headers.get("content-encoding")).toBe(encoding === "identity" ? null : "gzip");
      expect(res.headers.get("vary") ?? "").toMatch(/accept-encoding/i);
      const text = await res.text(); // fetch gunzips and would fail on a bad checksum
      expect(text).toMatch(/<script nonce="\w+">1<\/script>render \d+/);
    }
  });
});

describe("an expired page under load", () => {
  let slow: http.Server;
  let slowBase = "";
  let slowRenders = 0;
  beforeAll(async () => {
    ({ origin: slowBase, server: slow } = await cachedApp(
      { ttlMs: 300, hasSession: () => false, localeOf: () => "zh-CN" },
      (_req, res) => {
        slowRenders += 1;
        const n = slowRenders;
        setTimeout(() => res.type("html").send(`<p nonce="${res.locals.cspNonce}">render ${n}</p>`), 250);
      },
    ));
  });
  afterAll(() => slow.close());
  const getSlow = () => fetch(slowBase + "/p", { headers: { accept: "text/html" } });

  it("is rendered once while readers arriving meanwhile get the expired copy", async () => {
    expect(await (await getSlow()).text()).toContain("render 1");
    await new Promise((r) => setTimeout(r, 350)); // expired now
    const refreshing = getSlow();
    await new Promise((r) => setTimeout(r, 50));
    const meanwhile = await Promise.all([getSlow(), getSlow(), getSlow()]);
    for (const r of meanwhile) {
      expect(r.headers.get("x-page-cache")).toBe("stale");
      expect(await r.text()).toContain("render 1");
    }
    const fresh = await refreshing;
    expect(fresh.headers.get("x-page-cache")).toBe("miss");
    expect(await fresh.text()).toContain("render 2");
    expect(slowRenders).toBe(2);
    const after = await getSlow();
    expect(after.headers.get("x-page-cache")).toBe("hit");
    expect(await after.text()).toContain("render 2");
  });
});

describe("members' shared copies", () => {
  let srv: http.Server;
  let url = "";
  let sharedRenders = 0;
  let memberRenders = 0;
  const versions: Record<string, string | null> = {
    "/cases/a": "v1",
    "/cases/hidden": "h1",
    "/cases/broken": "b1",
  };

  beforeAll(async () => {
    ({ origin: url, server: srv } = await cachedApp(
      {
        ttlMs: 60_000,
        hasSession: (req) => (req.get("cookie") ?? "").includes("bee_session="),
        localeOf: () => "zh-CN",
        shared: {
          wants: (req) => (req.get("cookie") ?? "").includes("bee_js=1"),
          version: (req) => versions[req.path] ?? null,
          render: async (req, nonce) => {
            sharedRenders += 1;
            await new Promise((r) => setTimeout(r, 30));
            if (req.path === "/cases/hidden")
              return new Response("not found", { status: 404, headers: { "content-type": "text/html" } });
            if (req.path === "/cases/broken") throw new Error("database is locked");
            return new Response(
              `<html><script nonce="${nonce}">1</script>shared ${versions[req.path]} #${sharedRenders}</html>`,
              {
                headers: {
                  "content-type": "text/html; charset=utf-8",
                  "cache-control": "public, max-age=60",
                },
              },
            );
          },
        },
      },
      (req, res) => {
        memberRenders += 1;
        res.type("html").send(`<html>for ${req.get("cookie")}</html>`);
      },
    ));
  });
  afterAll(() => srv.close());

  const member = (path: string, cookie = "bee_session=a; bee_js=1") =>
    fetch(url + path, { headers: { accept: "text/html", cookie } });

  it("renders one copy for all members who run the script, private to each, with its own nonce", async () => {
    const [a, b] = await Promise.all([member("/cases/a"), member("/cases/a", "bee_session=b; bee_js=1")]);
    expect(sharedRenders).toBe(1);
    expect([a.headers.get("x-page-cache"), b.headers.get("x-page-cache")]).toEqual(["shared-miss", "shared-miss"]);
    const c = await member("/cases/a", "bee_session=c; bee_js=1");
    expect(c.headers.get("x-page-cache")).toBe("shared-hit");
    expect(c.headers.get("cache-control")).toBe("private, no-cache");
    expect(c.headers.get("vary")).toMatch(/cookie/i);
    const [ta, tc] = [await a.text(), await c.text()];
    expect(tc).toContain("shared v1 #1");
    expect(/nonce="(\w+)"/.exec(ta)![1]).not.toBe(/nonce="(\w+)"/.exec(tc)![1]);
    expect(memberRenders).toBe(0);
  });

  it("renders again as soon as the page's data changes: nobody gets the copy from before their own post", async () => {
    versions["/cases/a"] = "v2";
    const res = await member("/cases/a");
    expect(res.headers.get("x-page-cache")).toBe("shared-miss");
    expect(await res.text()).toContain("shared v2");
  });

  it("renders for the member without the script's cookie, on other paths, with ?lang= and where the copy cannot stand in", async () => {
    const before = memberRenders;
    expect(await (await member("/cases/a", "bee_session=a")).text()).toBe("<html>for bee_session=a</html>");
    expect(await (await member("/cases/a/history")).text()).toContain("for bee_session");
    expect(await (await member("/cases/a?lang=en")).text()).toContain("for bee_session");
    expect(await (await member("/cases/unknown")).text()).toContain("for bee_session");
    const rendersBefore = sharedRenders;
    expect(await (await member("/cases/hidden")).text()).toContain("for bee_session");
    expect(await (await member("/cases/hidden")).text()).toContain("for bee_session");
    expect(sharedRenders).toBe(rendersBefore + 1); // the 404 is remembered for the version, not rendered again
    const broken = await member("/cases/broken");
    expect(broken.status).toBe(200); // a failed shared render is not the member's error: their own render answers
    expect(await broken.text()).toContain("for bee_session");
    expect(memberRenders).toBe(before + 7);
  });
});

describe("memory", () => {
  it("keeps the copies within maxBytes, dropping the oldest first", async () => {
    const cache = { ttlMs: 60_000, maxBytes: 40_000, hasSession: () => false, localeOf: () => "zh-CN" };
    const big = "页".repeat(5_000); // 15 KB plain per page, plus its compressed copy
    const {
      origin,
      server: srv,
      cache: handler,
    } = await cachedApp(cache, (req, res) => {
      res.type("html").send(`<p>${req.path}</p>${big}`);
    });
    const get = (path: string) => fetch(origin + path, { headers: { accept: "text/html" } });
    try {
      for (const path of ["/a", "/b", "/c", "/d"]) await (await get(path)).text();
      expect(handler.bytes()).toBeGreaterThan(15_000);
      expect(handler.bytes()).toBeLessThanOrEqual(40_000);
      expect((await get("/d")).headers.get("x-page-cache")).toBe("hit");
      expect((await get("/a")).headers.get("x-page-cache")).toBe("miss");
    } finally {
      srv.close();
    }
  });
});

describe("the cache key: the path and the parameters the page reads (issue 10.8)", () => {
  let srv: http.Server;
  let origin = "";
  const seen: string[] = [];
  beforeAll(async () => {
    ({ origin, server: srv } = await cachedApp(
      {
        ttlMs: 60_000,
        hasSession: () => false,
        localeOf: () => "zh-CN",
        canonicalUrl: canonicalPageUrl,
      },
      (req, res) => {
        seen.push(req.originalUrl);
        // Like the case list's "next page" link, the page echoes its query.
        res.type("html").send(`<a href="${req.originalUrl.replaceAll("&", "&amp;")}">next</a> ${seen.length}`);
      },
    ));
  });
  afterAll(() => srv.close());
  const state = async (path: string) => {
    const res = await fetch(origin + path, { headers: { accept: "text/html" } });
    return { cache: res.headers.get("x-page-cache"), body: await res.text() };
  };

  it("serves a random parameter from the copy, which holds no trace of it", async () => {
    expect((await state("/cases")).cache).toBe("miss");
    for (let i = 0; i < 5; i++) {
      const random = crypto.randomBytes(6).toString("hex");
      const got = await state(`/cases?x=${random}&utm_source=${random}`);
      expect(got.cache).toBe("hit");
      expect(got.body).not.toContain(random);
    }
    expect(seen.filter((u) => u.startsWith("/cases"))).toEqual(["/cases"]);
  });

  it("renders a random parameter's page without it, once", async () => {
    const random = crypto.randomBytes(6).toString("hex");
    const got = await state(`/bases/b1?junk=${random}`);
    expect(got.cache).toBe("miss");
    expect(got.body).not.toContain(random);
    expect(seen).toContain("/bases/b1");
    expect((await state("/bases/b1")).cache).toBe("hit");
  });

  it("keeps the parameters pages read apart, in any order: page, sort, lang, filters", async () => {
    const pairs: Array<[string, string]> = [
      ["/bases?page=2", "/bases?page=3"],
      ["/cases/a?sort=new", "/cases/a?sort=top"],
      ["/cases?topic=t1", "/cases?topic=t2"],
      ["/cases?industry=i1&province=p1", "/cases?industry=i1&province=p2"],
      ["/topics/t?cursor=c1", "/topics/t?cursor=c2"],
      ["/?lang=en", "/?lang=zh-CN"],
    ];
    for (const [a, b] of pairs) {
      expect((await state(a)).cache, a).toBe("miss");
      expect((await state(b)).cache, b).toBe("miss");
      expect((await state(`${a}&x=1`)).cache, `${a}&x=1`).toBe("hit");
    }
    // Order does not matter.
    await state("/cases?topic=t9&base=b9");
    expect((await state("/cases?base=b9&x=2&topic=t9")).cache).toBe("hit");
  });

  it("keeps the whole URL for a path it has no list for", async () => {
    expect((await state("/elsewhere?x=1")).cache).toBe("miss");
    expect((await state("/elsewhere?x=2")).cache).toBe("miss");
    expect((await state("/elsewhere?x=2")).cache).toBe("hit");
  });
});
