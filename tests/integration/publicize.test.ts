// Publicize (issue 11 point 8): Atom 1.0 feeds of new cases (all, per topic, per
// base) that parse as XML with every required element, escaped text and absolute
// URLs; the sitemap with lastmod and nothing unpublished; JSON-LD that cannot
// close its script element.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase, setCaseHidden } from "~/models/case.server.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import { jsonLdText } from "~/routes/cases.$slug/json-ld.server.ts";
import { xmlEscape } from "~/utils/atom.server.ts";
import * as allFeed from "~/routes/atom.cases/route.tsx";
import * as topicFeed from "~/routes/topics.$slug_.atom/route.tsx";
import * as baseFeed from "~/routes/bases.$slug_.atom/route.tsx";
import * as sitemap from "~/routes/sitemap[.]xml/route.tsx";
import * as basePage from "~/routes/bases.$slug/route.tsx";
import { callRoute } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { createTestUser } from "../helpers/users.ts";

const ORIGIN = "http://127.0.0.1:3000";
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });
let base: { id: string; slug: string };
let visible: { id: string; slug: string };
let hidden: { id: string; slug: string };
let draftSlug = "";

async function publish(title: string, topics: string[], titleEn = "") {
  const u = await createTestUser();
  await prisma.user.update({ where: { id: u.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  const actor = { id: u.id, role: "member", baseId: base.id, baseVerified: true, emailVerified: true };
  const content = { ...emptyContent(), title, titleEn, summary: `摘要 <b>&amp;</b> ${title}`, baseId: base.id, topics };
  const d = await createDraft(u.id, crypto.randomUUID(), content);
  const r = await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion });
  return { id: d.id, slug: r.slug };
}

beforeAll(async () => {
  await upsertTopics([{ slug: "feed-topic", nameZh: "订阅专题", nameEn: "Feed topic" }]);
  base = await createTestBase({ slug: "feed-base" });
  visible = await publish('订阅 <案例> & "引号"', ["feed-topic"], "Feed case");
  // A row stored before input cleaning existed (the model strips control characters today): the feed must still
  // never emit one.
  await prisma.caseStudy.update({ where: { id: visible.id }, data: { title: '订阅 <案例> & "引号" \u0001' } });
  hidden = await publish("隐藏的案例", ["feed-topic"]);
  const mod = await createTestUser({ role: "moderator" });
  await setCaseHidden(hidden.id, { id: mod.id, role: "moderator" }, true, "test");
  const u = await createTestUser();
  const d = await createDraft(u.id, crypto.randomUUID(), { ...emptyContent(), title: "草稿" });
  draftSlug = d.slug;
  const admin = await createTestUser({ role: "ministry" });
  await prisma.call.createMany({
    data: [
      {
        slug: "open-call",
        title: "征集",
        description: "{}",
        deadline: new Date(),
        status: "open",
        createdById: admin.id,
      },
      {
        slug: "draft-call",
        title: "草稿征集",
        description: "{}",
        deadline: new Date(),
        status: "draft",
        createdById: admin.id,
      },
    ],
  });
  await prisma.collection.createMany({
    data: [
      {
        slug: "pub-collection",
        title: "典型案例",
        introduction: "{}",
        status: "published",
        publishedAt: new Date(),
        createdById: admin.id,
      },
      { slug: "draft-collection", title: "草稿汇编", introduction: "{}", status: "draft", createdById: admin.id },
    ],
  });
});

function feedOf(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml).feed as Record<string, any>;
}

const entries = (feed: Record<string, any>) => [feed.entry ?? []].flat() as Array<Record<string, any>>;

describe("Atom feeds", () => {
  it("/atom/cases is valid Atom 1.0: ids, updated, self and alternate links, escaped text, absolute URLs, no hidden case", async () => {
    const res = await callRoute(allFeed.loader, { path: "/atom/cases" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = String(res.data);
    const feed = feedOf(xml);
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toMatch(/^tag:127\.0\.0\.1,2026:cases$/);
    expect(Date.parse(feed.updated)).not.toBeNaN();
    const links = [feed.link].flat();
    expect(links.find((l: any) => l["@rel"] === "self")["@href"]).toBe(`${ORIGIN}/atom/cases`);
    const list = entries(feed);
    const mine = list.find((e) => e.link["@href"] === `${ORIGIN}/cases/${visible.slug}`)!;
    expect(mine).toBeDefined();
    // The control character is gone; markup characters are text, not markup.
    expect(mine.title).toBe('订阅 <案例> & "引号"');
    expect(await prisma.caseStudy.count({ where: { id: visible.id, title: { contains: "\u0001" } } })).toBe(1);
    expect(xml).not.toContain("\u0001");
    expect(xml).toContain("订阅 &lt;案例&gt; &amp; &quot;引号&quot;");
    expect(mine.id).toBe(`tag:127.0.0.1,2026:case:${visible.id}`);
    expect(mine.author.name).toBeTruthy();
    expect(list.some((e) => e.link["@href"].endsWith(hidden.slug))).toBe(false);
    for (const e of list) expect(e.link["@href"]).toMatch(/^http:\/\/127\.0\.0\.1:3000\/cases\//);
  });

  it("serves titles in the reader's language", async () => {
    const res = await callRoute(allFeed.loader, { path: "/atom/cases?lang=en" });
    const feed = feedOf(String(res.data));
    expect(feed["@xml:lang"]).toBe("en");
    expect(entries(feed).some((e) => e.title === "Feed case")).toBe(true);
  });

  it("a topic's and a base's feed hold their cases; unknown ones answer 404", async () => {
    const topic = feedOf(
      String(
        (await callRoute(topicFeed.loader, { path: "/topics/feed-topic/atom", params: { slug: "feed-topic" } })).data,
      ),
    );
    expect(entries(topic).map((e) => e.link["@href"])).toEqual([`${ORIGIN}/cases/${visible.slug}`]);
    expect(entries(topic)[0]!.category["@term"]).toBe("订阅专题");
    const baseXml = feedOf(
      String((await callRoute(baseFeed.loader, { path: "/bases/feed-base/atom", params: { slug: "feed-base" } })).data),
    );
    expect(entries(baseXml)).toHaveLength(1);
    expect((await callRoute(topicFeed.loader, { path: "/topics/none/atom", params: { slug: "none" } })).status).toBe(
      404,
    );
    expect((await callRoute(baseFeed.loader, { path: "/bases/none/atom", params: { slug: "none" } })).status).toBe(404);
  });

  it("the base page links its feed", async () => {
    const page = await callRoute(basePage.loader, { path: "/bases/feed-base", params: { slug: "feed-base" } });
    const meta = basePage.meta({ data: page.data, matches: [] } as never) as Array<Record<string, string>>;
    expect(meta).toContainEqual(
      expect.objectContaining({
        tagName: "link",
        rel: "alternate",
        type: "application/atom+xml",
        href: "/bases/feed-base/atom",
      }),
    );
  });
});

describe("sitemap", () => {
  it("lists public pages with lastmod and nothing a visitor cannot open", async () => {
    const res = await callRoute(sitemap.loader, { path: "/sitemap.xml" });
    expect(res.status).toBe(200);
    const xml = String(res.data);
    expect(XMLValidator.validate(xml)).toBe(true);
    const urls = [parser.parse(xml).urlset.url].flat() as Array<{ loc: string; lastmod?: string }>;
    const locs = urls.map((u) => u.loc);
    expect(locs).toContain(`${ORIGIN}/cases/${visible.slug}`);
    expect(locs).toContain(`${ORIGIN}/bases/feed-base`);
    expect(locs).toContain(`${ORIGIN}/topics/feed-topic`);
    expect(locs).toContain(`${ORIGIN}/collections/pub-collection`);
    expect(locs).toContain(`${ORIGIN}/calls/open-call`);
    for (const gone of [
      `/cases/${hidden.slug}`,
      `/cases/${draftSlug}`,
      "/calls/draft-call",
      "/collections/draft-collection",
    ])
      expect(locs).not.toContain(`${ORIGIN}${gone}`);
    const entry = urls.find((u) => u.loc === `${ORIGIN}/cases/${visible.slug}`)!;
    expect(entry.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});

describe("JSON-LD and XML text", () => {
  it("cannot close its script element or break the XML", () => {
    const text = jsonLdText({ headline: "</script><script>alert(1)</script> & \u2028" });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text).headline).toBe("</script><script>alert(1)</script> & \u2028");
    expect(xmlEscape("a\u0000b\uFFFE<\ud800")).toBe("ab&lt;");
  });
});
