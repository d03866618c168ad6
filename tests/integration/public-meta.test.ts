// Issue 12.2 and 12.12: public pages carry og:* and twitter:* meta, a canonical URL
// that keeps the language and hreflang alternates; cases have a generated og:image;
// /cases numbers its pages and answers 404 past the last one.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { emptyContent, type CaseContent } from "~/models/case-content.ts";
import * as home from "~/routes/_index/route.tsx";
import * as cases from "~/routes/cases._index/route.tsx";
import * as casePage from "~/routes/cases.$slug/route.tsx";
import * as bases from "~/routes/bases._index/route.tsx";
import * as basePage from "~/routes/bases.$slug/route.tsx";
import * as topicPage from "~/routes/topics.$slug/route.tsx";
import * as ogImage from "~/routes/cases.$slug_.og[.]png/route.tsx";
import { appOrigin } from "~/utils/env.server.ts";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";
import { callRoute } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { createTestUser } from "../helpers/users.ts";

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
let caseSlug = "";
let baseSlug = "";
const topicSlug = DEFAULT_TOPICS[0]!.slug;
const slugs: string[] = [];

beforeAll(async () => {
  await upsertTopics(DEFAULT_TOPICS);
  const base = await createTestBase();
  baseSlug = base.slug;
  const u = await createTestUser();
  await prisma.user.update({ where: { id: u.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  const user = await prisma.user.findUniqueOrThrow({ where: { id: u.id } });
  const actor = { ...user, baseVerified: true, emailVerified: true };
  // 21 Chinese cases and one English one, published a minute apart.
  for (let i = 0; i < 22; i++) {
    const english = i === 0;
    const content: CaseContent = {
      ...emptyContent(),
      title: english ? "An English case" : `中文案例${i}`,
      summary: english ? "Summary" : "摘要",
      contentLanguage: english ? "en" : "zh-CN",
      topics: [topicSlug],
      stage: "pilot",
      periodStart: 2022,
      sections: { background: doc("a"), approach: doc("b"), results: doc("c"), replicability: doc("d"), lessons: null },
    };
    const d = await createDraft(u.id, crypto.randomUUID(), content);
    const r = await publishCase(d.id, actor, content, {
      expectedVersion: d.draftVersion,
      now: new Date(Date.UTC(2026, 0, 1, 0, i)),
    });
    slugs.push(r.slug);
  }
  caseSlug = slugs[slugs.length - 1]!;
});

type Descriptor = Record<string, string>;
function metaOf(mod: { meta?: unknown }, data: unknown): Descriptor[] {
  return (mod.meta as (a: unknown) => Descriptor[])({ data, matches: [], params: {}, location: {} });
}

describe("public pages' meta", () => {
  const pages = () =>
    [
      ["home", home, "/", {}],
      ["cases", cases, "/cases", {}],
      ["case", casePage, `/cases/${caseSlug}`, { slug: caseSlug }],
      ["bases", bases, "/bases", {}],
      ["base", basePage, `/bases/${baseSlug}`, { slug: baseSlug }],
      ["topic", topicPage, `/topics/${topicSlug}`, { slug: topicSlug }],
    ] as const;

  it("og:*, twitter:*, a canonical keeping the language and hreflang pairs, in both languages", async () => {
    for (const [name, mod, path, params] of pages()) {
      for (const lang of ["en", "zh-CN"] as const) {
        const res = await callRoute(mod.loader, { path: `${path}?lang=${lang}`, params });
        expect(res.status, name).toBe(200);
        const meta = metaOf(mod, res.data);
        const find = (key: string, value: string) => meta.find((d) => d[key] === value);
        const url = `${appOrigin()}${path}`;
        expect(find("rel", "canonical")?.href, name).toBe(`${url}?lang=${encodeURIComponent(lang)}`);
        expect(find("hrefLang", "en")?.href, name).toBe(`${url}?lang=en`);
        expect(find("hrefLang", "zh-CN")?.href, name).toBe(`${url}?lang=zh-CN`);
        expect(find("hrefLang", "x-default")?.href, name).toBe(url);
        for (const p of ["og:title", "og:description", "og:url", "og:site_name", "og:locale", "og:type"]) {
          expect(find("property", p)?.content, `${name} ${p}`).toBeTruthy();
        }
        expect(find("property", "og:locale")?.content).toBe(lang === "en" ? "en_US" : "zh_CN");
        expect(find("name", "twitter:card")?.content, name).toMatch(/^summary/);
        expect(find("name", "twitter:title")?.content, name).toBeTruthy();
        if (name === "case") {
          expect(find("property", "og:image")?.content).toBe(`${url}/og.png${lang === "en" ? "?lang=en" : ""}`);
          expect(find("name", "twitter:card")?.content).toBe("summary_large_image");
        }
      }
    }
  });

  it("an address without ?lang= is the x-default and its canonical names itself, not a language's alternate", async () => {
    for (const [name, mod, path, params] of pages()) {
      const res = await callRoute(mod.loader, { path, params });
      expect(res.status, name).toBe(200);
      const meta = metaOf(mod, res.data);
      const url = `${appOrigin()}${path}`;
      expect(meta.find((d) => d.rel === "canonical")?.href, name).toBe(url);
      expect(meta.find((d) => d.hrefLang === "x-default")?.href, name).toBe(url);
      expect(meta.find((d) => d.property === "og:url")?.content, name).toBe(url);
    }
  });

  it("the case's og:image is a PNG for published cases and 404 otherwise", async () => {
    const png = await callRoute(ogImage.loader, { path: `/cases/${caseSlug}/og.png`, params: { slug: caseSlug } });
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    const missing = await callRoute(ogImage.loader, { path: "/cases/nope/og.png", params: { slug: "nope" } });
    expect(missing.status).toBe(404);
  });
});

describe("/cases pages", () => {
  it("numbers pages, sorts, totals, and answers 404 past the last page or for a bad page", async () => {
    const first = await callRoute(cases.loader, { path: "/cases" });
    expect(first.data.total).toBe(22);
    expect(first.data.pages).toBe(2);
    expect(first.data.cases).toHaveLength(20);
    expect(first.data.cases[0].slug).toBe(slugs[21]);
    const second = await callRoute(cases.loader, { path: "/cases?page=2" });
    expect(second.data.cases.map((c: { slug: string }) => c.slug)).toEqual([slugs[1], slugs[0]]);
    const oldest = await callRoute(cases.loader, { path: "/cases?sort=oldest" });
    expect(oldest.data.cases[0].slug).toBe(slugs[0]);
    expect((await callRoute(cases.loader, { path: "/cases?page=3" })).status).toBe(404);
    expect((await callRoute(cases.loader, { path: "/cases?page=0" })).status).toBe(404);
    expect((await callRoute(cases.loader, { path: "/cases?page=abc" })).status).toBe(404);
  });

  it("the home page leads with cases in the reader's language", async () => {
    const en = await callRoute(home.loader, { path: "/?lang=en" });
    expect(en.data.cases[0].slug).toBe(slugs[0]);
    const zh = await callRoute(home.loader, { path: "/?lang=zh-CN" });
    expect(zh.data.cases[0].slug).toBe(slugs[21]);
    expect(zh.data.cases.map((c: { slug: string }) => c.slug)).not.toContain(slugs[0]);
  });
});
