// /search and /api/search on the embedded engine: results with escaped
// highlights, facets, the URL as the whole state, caching and rate limits.
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { createRemixStub } from "@remix-run/testing";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { i18nFor } from "~/i18n/i18n.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { emptyContent, type CaseContent } from "~/models/case-content.ts";
import { drainSearchOutbox } from "~/jobs/search-outbox.server.ts";
import { consume, LIMITS } from "~/utils/rate-limit.server.ts";
import * as searchPage from "~/routes/search/route.tsx";
import * as casesPage from "~/routes/cases._index/route.tsx";
import * as api from "~/routes/api.search/route.tsx";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";
import { callRoute } from "../helpers/route.ts";
import { callSearchApi, SEARCH_API_WAYS } from "../helpers/search-api.ts";
import { watchStatements } from "../helpers/statements.ts";
import { createTestUser, freshIp } from "../helpers/users.ts";

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
function content(title: string, topics: string[], body: string): CaseContent {
  return {
    ...emptyContent(),
    title,
    summary: `${title}的做法`,
    topics,
    stage: "implemented",
    periodStart: 2022,
    sections: {
      background: doc(body),
      approach: doc("做法"),
      results: doc("成效"),
      replicability: doc("条件"),
      lessons: null,
    },
  };
}

beforeAll(async () => {
  await upsertTopics(DEFAULT_TOPICS);
  const base = await prisma.base.create({
    data: {
      code: "T-s1",
      slug: "s1",
      nameZh: "温州鞋革基地",
      nameEn: "Wenzhou Footwear Base",
      industry: "light-industry-crafts",
      province: "zhejiang",
      cityZh: "温州",
      cityEn: "Wenzhou",
    },
  });
  const u = await createTestUser({ role: "admin" });
  const actor = { id: u.id, role: "admin", baseId: null, baseVerified: false, emailVerified: true };
  const cases: [string, string[], string][] = [
    ["海外仓共建降低物流成本", ["logistics"], "中小企业共建海外仓"],
    ["跨境电商品牌出海", ["cross-border-ecommerce", "branding-quality"], "品牌与海外仓"],
    ['<img src=x onerror="window.__xss=1"> 标准化建设', ["standards-certification"], "标准"],
  ];
  for (const [title, topics, body] of cases) {
    const d = await createDraft(u.id, crypto.randomUUID(), content(title, topics, body));
    await publishCase(
      d.id,
      actor,
      { ...content(title, topics, body), baseId: base.id },
      { expectedVersion: d.draftVersion },
    );
  }
  await drainSearchOutbox("test");
});

describe("page descriptions (link previews, search engines)", () => {
  it("the case list and the search page describe themselves in the reader's language", async () => {
    for (const [lang, word] of [
      ["zh-CN", "案例"],
      ["en", "case studies"],
    ] as const) {
      const headers = { "accept-language": lang, "x-test-ip": freshIp() };
      const list = await callRoute(casesPage.loader, { path: "/cases", headers });
      const search = await callRoute(searchPage.loader, { path: "/search", headers });
      for (const data of [list.data, search.data]) expect(data.meta.description.toLowerCase()).toContain(word);
      const tags = casesPage.meta({ data: list.data } as never);
      expect(tags).toContainEqual({ name: "description", content: list.data.meta.description });
    }
  });
});

describe("/search", () => {
  it("finds cases with highlights, facet counts and the URL as state", async () => {
    const res = await callRoute(searchPage.loader, { path: "/search?q=海外仓", headers: { "x-test-ip": freshIp() } });
    expect(res.status).toBe(200);
    const outcome = res.data.outcome;
    expect(outcome.total).toBe(2);
    expect(outcome.hitsHtml).toContain("<mark>海外仓</mark>");
    expect(outcome.facetsHtml).toContain(
      '<input type="checkbox" name="topic" value="logistics"/><span>物流与供应链</span> <span class="meta">(1)</span>',
    );

    const filtered = await callRoute(searchPage.loader, {
      path: "/search?q=海外仓&topic=logistics",
      headers: { "x-test-ip": freshIp() },
    });
    expect(filtered.data.outcome.total).toBe(1);
    expect(filtered.data.outcome.chips).toEqual([{ facet: "topic", value: "logistics", label: "物流与供应链" }]);
    // Counts of the selected facet stay as if its own selection were cleared.
    expect(filtered.data.outcome.facetsHtml).toContain(
      'value="cross-border-ecommerce"/><span>跨境电商</span> <span class="meta">(1)</span>',
    );
    expect(filtered.data.outcome.facetsHtml).toContain('name="topic" checked="" value="logistics"');
  });

  it("names the topic and base facet values in the reader's language from one statement (ADR 079)", async () => {
    for (const [lang, topic, base] of [
      ["zh-CN", "物流与供应链", "温州鞋革基地"],
      ["en", "Logistics and supply chains", "Wenzhou Footwear Base"],
    ] as const) {
      const watched = await watchStatements(() =>
        callRoute(searchPage.loader, {
          path: "/search?q=海外仓",
          headers: { "x-test-ip": freshIp(), "accept-language": lang },
        }),
      );
      const facets = watched.result.data.outcome.facetsHtml as string;
      expect(facets).toContain(`<span>${topic}</span>`);
      expect(facets).toContain(`name="base" value="s1"/><span>${base}</span>`);
      const names = watched.rows.filter((r) => /FROM "?(Topic|Base)"? WHERE "?slug"? IN/.test(r.sql));
      expect(names).toHaveLength(1);
    }
  });

  it("a document's data leaves the results and facets to the markup and holds no hit or facet value; a client navigation's data carries them (ADR 065)", async () => {
    const load = (document: boolean) =>
      callRoute(searchPage.loader, { path: "/search?q=海外仓", headers: { "x-test-ip": freshIp() }, document });
    const docData = (await load(true)).data;
    const nav = (await load(false)).data;
    const { hitsHtml, facetsHtml } = docData.outcome as { hitsHtml: string; facetsHtml: string };
    expect(hitsHtml).toContain("<mark>海外仓</mark>");
    expect(facetsHtml).toContain('name="topic"');
    const serialized = JSON.stringify(docData);
    expect(serialized).not.toContain("<mark>");
    expect(serialized).not.toContain("checkbox");
    // The page's own data: the counts and chips; the hits and facet values are in the HTML only.
    expect(Object.keys(docData.outcome).sort()).toEqual(
      ["chips", "ok", "page", "pages", "relaxed", "tookMs", "total", "totalExact"].sort(),
    );
    expect(Object.keys(nav.outcome).sort()).toEqual(
      ["chips", "facetsHtml", "hitsHtml", "ok", "page", "pages", "relaxed", "tookMs", "total", "totalExact"].sort(),
    );
    expect(JSON.stringify(nav)).toContain("<mark>海外仓</mark>");
    // The page renders the results and the facets once.
    const Stub = createRemixStub([
      { id: "page", path: "/search", Component: searchPage.default, loader: () => docData },
    ]);
    const html = renderToString(
      h(
        I18nextProvider,
        { i18n: i18nFor("zh-CN") },
        h(Stub, { initialEntries: ["/search?q=海外仓"], hydrationData: { loaderData: { page: docData } } }),
      ),
    );
    expect(html.split(hitsHtml).length - 1).toBe(1);
    expect(html.split(facetsHtml).length - 1).toBe(1);
    expect(html).toContain(`<ol class="hits" start="1">${hitsHtml}</ol>`);
  });

  it("keeps markup in titles escaped in highlights", async () => {
    const res = await callRoute(searchPage.loader, { path: "/search?q=标准化", headers: { "x-test-ip": freshIp() } });
    const html = res.data.outcome.hitsHtml as string;
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img");
  });

  it("offers topics to browse when nothing matches, and limits searches per IP with a retry time", async () => {
    const none = await callRoute(searchPage.loader, { path: "/search?q=zzzzqqq", headers: { "x-test-ip": freshIp() } });
    expect(none.data.outcome.total).toBe(0);
    expect(none.data.topics.length).toBe(DEFAULT_TOPICS.length);
    const ip = freshIp();
    await consume([["searchIp", ip]], LIMITS.searchIp.points);
    const limited = await callRoute(searchPage.loader, {
      path: "/search?q=品牌",
      headers: { "x-test-ip": ip, "Accept-Language": "en" },
    });
    expect(limited.status).toBe(429);
    expect(limited.data.limitedMessage).toMatch(/minute/);
  });
});

describe("/search filter names", () => {
  it("takes a province by its name in either language, as the API does", async () => {
    for (const v of ["Zhejiang", "浙江"]) {
      const res = await callRoute(searchPage.loader, {
        path: `/search?q=品牌&province=${encodeURIComponent(v)}`,
        headers: { "x-test-ip": freshIp() },
      });
      expect(res.data.params.filters.province, v).toEqual(["zhejiang"]);
      expect(res.data.outcome.total, v).toBe(1);
    }
  });
});

describe.each(SEARCH_API_WAYS)("/api/search through %s", (way) => {
  it("answers JSON with hits, facets, total and time taken, briefly cacheable", async () => {
    const res = await callSearchApi(way, {
      path: "/api/search?q=品牌&sort=newest",
      headers: { "x-test-ip": freshIp() },
    });
    expect(res.status).toBe(200);
    // At most 2 s, so a removed case cannot linger in shared caches (issue 13).
    expect(res.headers.get("cache-control")).toBe("public, max-age=2");
    expect(res.data.total).toBe(1);
    expect(res.data.hits[0].url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/cases\//);
    expect(typeof res.data.tookMs).toBe("number");
    expect(Object.keys(res.data.facets).sort()).toEqual(["base", "industry", "province", "stage", "topic", "typical"]);
    expect(res.data.query).toMatchObject({ q: "品牌", sort: "newest", page: 1 });
    // Plain fields beside the highlighted ones: no HTML to strip.
    const hit = res.data.hits[0];
    expect(hit.title).toBe("跨境电商品牌出海");
    expect(hit.titleHtml).toContain("<mark>");
    expect(typeof hit.id).toBe("string");
    expect(hit.summary).toBe("跨境电商品牌出海的做法");
    expect(hit.externalId).toBeNull();
  });

  it("finds a case by its province typed as text, in either language", async () => {
    for (const q of ["浙江", "Zhejiang", "温州"]) {
      const res = await callSearchApi(way, {
        path: `/api/search?q=${encodeURIComponent(q)}`,
        headers: { "x-test-ip": freshIp() },
      });
      expect(res.data.total, q).toBe(3);
    }
  });

  it("accepts filter values by name in either language and rejects unknown ones with a 400 naming the accepted values", async () => {
    for (const v of ["zhejiang", "Zhejiang", "浙江", "浙江省"]) {
      const res = await callSearchApi(way, {
        path: `/api/search?q=品牌&province=${encodeURIComponent(v)}`,
        headers: { "x-test-ip": freshIp() },
      });
      expect(res.status, v).toBe(200);
      expect(res.data.total, v).toBe(1);
      expect(res.data.query.filters.province).toEqual(["zhejiang"]);
    }
    const bad = await callSearchApi(way, {
      path: "/api/search?q=品牌&province=Atlantis",
      headers: { "x-test-ip": freshIp() },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.error).toBe("bad_filter");
    expect(bad.data.problems[0]).toMatchObject({ facet: "province", value: "Atlantis" });
    expect(bad.data.problems[0].accepted).toContain("fujian");
    expect(bad.data.message).toMatch(/Accepted: .*fujian/);
  });

  it("cuts queries over 200 characters with a notice, and answers too-long URLs with a JSON 414", async () => {
    const long = await callSearchApi(way, {
      path: `/api/search?q=${encodeURIComponent("品牌".repeat(150))}`,
      headers: { "x-test-ip": freshIp() },
    });
    expect(long.status).toBe(200);
    expect(Array.from(long.data.query.q as string).length).toBe(200);
    expect(long.data.notices[0].code).toBe("query_truncated");
    const tooLong = await callSearchApi(way, {
      path: `/api/search?q=${"a".repeat(api.MAX_URL_LENGTH)}`,
      headers: { "x-test-ip": freshIp() },
    });
    expect(tooLong.status).toBe(414);
    expect(tooLong.data.error).toBe("uri_too_long");
  });

  it("relaxes a query whose every word finds too little, and says which words it left out", async () => {
    const res = await callSearchApi(way, {
      path: `/api/search?q=${encodeURIComponent("海外仓 物流 火星")}`,
      headers: { "x-test-ip": freshIp() },
    });
    expect(res.status).toBe(200);
    expect(res.data.total).toBeGreaterThan(0);
    // The word no case has goes first; fewer than 5 still, so a second word follows.
    expect(res.data.partial.fullMatches).toBe(0);
    expect(res.data.partial.ignored[0]).toBe("火星");
  });
});
