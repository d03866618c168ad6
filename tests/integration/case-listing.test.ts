// The case listing every list page uses (home, /cases, topics, bases, profiles):
// only published, visible cases; newest first with ties broken by id; keyset
// pages that walk every case once; each filter alone and together; cards with
// their base and topics. Also the home page's topic counts and bases.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, listCases, publishCase } from "~/models/case.server.ts";
import { featuredBases } from "~/models/base.server.ts";
import { topicsWithCounts } from "~/models/topic.server.ts";
import { createTestBase } from "../helpers/bases.ts";
import { createTestUser } from "../helpers/users.ts";

type Made = { id: string; slug: string; baseSlug: string; authorId: string; topics: string[]; publishedAt: Date };
const made: Made[] = [];
let hiddenId = "";
let deletedId = "";
let draftId = "";

beforeAll(async () => {
  await prisma.topic.createMany({
    data: [
      { slug: "brand", nameZh: "品牌建设", nameEn: "Brand building", position: 2 },
      { slug: "digital", nameZh: "数字化", nameEn: "Going digital", position: 1 },
    ],
  });
  const bases = [
    await createTestBase({ industry: "textiles-clothing" as never, province: "jiangsu" as never }),
    await createTestBase({ industry: "medicine" as never, province: "zhejiang" as never }),
  ];
  const authors = [await createTestUser(), await createTestUser()];
  const start = Date.now() - 30 * 86_400_000;
  for (let i = 0; i < 27; i++) {
    const base = bases[i % 2]!;
    const author = authors[i % 3 === 0 ? 1 : 0]!;
    await prisma.user.update({ where: { id: author.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
    const topics = i % 4 === 0 ? ["brand", "digital"] : i % 2 === 0 ? ["brand"] : ["digital"];
    const content = { ...emptyContent(), title: `列表案例 ${i}`, summary: "摘要", baseId: base.id, topics };
    const d = await createDraft(author.id, crypto.randomUUID(), content);
    const r = await publishCase(
      d.id,
      { id: author.id, role: "member", baseId: base.id, baseVerified: true, emailVerified: true },
      content,
      {
        expectedVersion: d.draftVersion,
      },
    );
    // Pairs share a publication time, so pages must break ties by id.
    const publishedAt = new Date(start + Math.floor(i / 2) * 3_600_000);
    await prisma.caseStudy.update({ where: { id: d.id }, data: { publishedAt } });
    made.push({ id: d.id, slug: r.slug, baseSlug: base.slug, authorId: author.id, topics, publishedAt });
  }
  hiddenId = made[3]!.id;
  deletedId = made[4]!.id;
  await prisma.caseStudy.update({ where: { id: hiddenId }, data: { status: "hidden" } });
  await prisma.caseStudy.update({ where: { id: deletedId }, data: { deletedAt: new Date() } });
  const draft = await createDraft(authors[0]!.id, crypto.randomUUID(), { ...emptyContent(), title: "草稿" });
  draftId = draft.id;
});

const visible = () => made.filter((m) => m.id !== hiddenId && m.id !== deletedId);
const newestFirst = (a: Made, b: Made) => b.publishedAt.getTime() - a.publishedAt.getTime() || (a.id < b.id ? 1 : -1);

async function walk(filters: Parameters<typeof listCases>[0], take: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 20; guard++) {
    const page: Awaited<ReturnType<typeof listCases>> = await listCases(filters, { cursor, take });
    ids.push(...page.cases.map((c) => c.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("the pages never ended");
}

describe("listCases", () => {
  it("walks every visible case once, newest first, ties by id, never hidden, deleted or draft ones", async () => {
    const ids = await walk({}, 10);
    expect(ids).toEqual(
      visible()
        .sort(newestFirst)
        .map((m) => m.id),
    );
    for (const id of [hiddenId, deletedId, draftId]) expect(ids).not.toContain(id);
  });

  it("filters by topic, industry, province, base and author, alone and together", async () => {
    const expectIds = (pred: (m: Made, i: number) => boolean) =>
      visible()
        .filter((m) => pred(m, made.indexOf(m)))
        .sort(newestFirst)
        .map((m) => m.id);
    expect(await walk({ topic: "brand" }, 5)).toEqual(expectIds((m) => m.topics.includes("brand")));
    expect(await walk({ industry: "medicine" }, 5)).toEqual(expectIds((_m, i) => i % 2 === 1));
    expect(await walk({ province: "jiangsu" }, 50)).toEqual(expectIds((_m, i) => i % 2 === 0));
    expect(await walk({ base: made[1]!.baseSlug }, 50)).toEqual(expectIds((m) => m.baseSlug === made[1]!.baseSlug));
    expect(await walk({ author: made[0]!.authorId }, 50)).toEqual(expectIds((m) => m.authorId === made[0]!.authorId));
    expect(await walk({ topic: "digital", province: "zhejiang", author: made[1]!.authorId }, 3)).toEqual(
      expectIds((m, i) => m.topics.includes("digital") && i % 2 === 1 && m.authorId === made[1]!.authorId),
    );
    expect(await walk({ topic: "no-such-topic" }, 5)).toEqual([]);
  });

  it("gives cards with their base, topics in the topics' order, dates and flags", async () => {
    const first = made.find((m) => m.topics.length === 2 && m.id !== hiddenId && m.id !== deletedId)!;
    const { cases } = await listCases({ topic: "brand" }, { take: 50 });
    const card = cases.find((c) => c.id === first.id)!;
    expect(card.base?.slug).toBe(first.baseSlug);
    expect(card.base?.nameZh).toMatch(/^测试基地/);
    expect(card.topics.map((t) => t.topic.slug)).toEqual(["digital", "brand"]);
    expect(card.topics[0]!.topic.nameEn).toBe("Going digital");
    expect(card.publishedAt).toBeInstanceOf(Date);
    expect(card.publishedAt!.getTime()).toBe(first.publishedAt.getTime());
    expect(card.isDemo).toBe(false);
    expect(card.title).toMatch(/^列表案例/);
  });

  it("ignores a cursor it cannot read instead of failing", async () => {
    const page = await listCases({}, { cursor: "not-a-cursor", take: 5 });
    expect(page.cases).toHaveLength(5);
  });
});

describe("the home page's aggregates", () => {
  it("counts each topic's visible cases only, topics in their order", async () => {
    const topics = await topicsWithCounts();
    const count = (slug: string) => visible().filter((m) => m.topics.includes(slug)).length;
    expect(topics.filter((t) => t.slug === "brand" || t.slug === "digital").map((t) => [t.slug, t.count])).toEqual([
      ["digital", count("digital")],
      ["brand", count("brand")],
    ]);
    expect(topics[0]).toMatchObject({ slug: "digital", nameZh: "数字化", nameEn: "Going digital" });
  });

  it("lists the first bases created and counts them all", async () => {
    const all = await prisma.base.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { slug: true } });
    const { bases: featured, total } = await featuredBases(1);
    expect(total).toBe(all.length);
    expect(featured.map((b) => b.slug)).toEqual(all.slice(0, 1).map((b) => b.slug));
    expect(featured[0]).toMatchObject({ industry: "textiles-clothing", province: "jiangsu", isDemo: false });
    expect(featured[0]!.cityZh).toBeTruthy();
  });
});
