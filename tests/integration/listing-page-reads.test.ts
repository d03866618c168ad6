// The listing pages' statements (ADR 082), on either database. The home page: one per region
// of the page — the latest cases, the topics with their counts, the bases with how many there
// are, the curation (open calls and featured collections) — and each region shows what the
// tables hold. A base page: its adoptions only when it has some (both lists in one
// statement); a base and a topic page: the member's follow comes with the page's own read.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import * as home from "~/routes/_index/route.tsx";
import * as basePage from "~/routes/bases.$slug/route.tsx";
import * as topicPage from "~/routes/topics.$slug/route.tsx";
import { seedIfEmpty } from "../../prisma/seed.ts";
import { callRoute } from "../helpers/route.ts";
import { watchStatements } from "../helpers/statements.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

async function view() {
  const watched = await watchStatements(() => callRoute(home.loader, { path: "/" }));
  return { res: watched.result, statements: watched.statements, sql: watched.rows.map((r) => r.sql) };
}

async function page(route: typeof basePage | typeof topicPage, path: string, slug: string, cookie?: string) {
  const watched = await watchStatements(() =>
    callRoute(route.loader, { path, params: { slug }, ...(cookie ? { cookie } : {}) }),
  );
  return { res: watched.result, statements: watched.statements, sql: watched.rows.map((r) => r.sql) };
}

const ADOPTIONS = /FROM "?Adoption"? a JOIN "?CaseStudy"? c/;
const FOLLOWS = /^SELECT 1 FROM "?Subscription"? WHERE/;

beforeAll(async () => {
  await seedIfEmpty({ quiet: true });
}, 180_000);

describe("the home page's reads", () => {
  it("is four statements: latest, topics, bases with their count, calls with collections", async () => {
    const { res, statements, sql } = await view();
    expect(res.status).toBe(200);
    expect(statements).toBe(4);
    // The bases' count rides on the bases' statement, the open calls on the collections'.
    expect(sql.filter((s) => /^SELECT count\(\*\) AS n FROM "?Base"?$/.test(s.trim()))).toEqual([]);
    expect(sql.filter((s) => /FROM "?Call"? cl WHERE/.test(s) && /"?collectionSlug"?/.test(s))).toHaveLength(1);
  });

  it("shows what the tables hold: every base counted, the open calls by deadline, the featured collections", async () => {
    const { res } = await view();
    const data = res.data;
    expect(data.totalBases).toBe(await prisma.base.count());
    expect(data.bases.map((b: { slug: string }) => b.slug)).toEqual(
      (
        await prisma.base.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 6, select: { slug: true } })
      ).map((b) => b.slug),
    );
    const open = await prisma.call.findMany({
      where: { status: "open" },
      orderBy: [{ deadline: "asc" }, { id: "asc" }],
      take: 3,
      select: { slug: true, deadline: true, _count: { select: { submissions: true } } },
    });
    expect(open.length).toBeGreaterThan(0);
    expect(data.curation.calls.map((c: { slug: string; deadline: string; submissions: number }) => c)).toMatchObject(
      open.map((c) => ({ slug: c.slug, deadline: c.deadline.toISOString(), submissions: c._count.submissions })),
    );
    const featured = await prisma.collection.findMany({
      where: { status: "published", featured: true },
      orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
      take: 2,
      select: { slug: true },
    });
    expect(data.curation.collections.map((c: { slug: string }) => c.slug)).toEqual(featured.map((c) => c.slug));
  });

  it("without a featured collection the open calls still come", async () => {
    const featured = await prisma.collection.findMany({ where: { featured: true }, select: { id: true } });
    await prisma.collection.updateMany({ where: { featured: true }, data: { featured: false } });
    try {
      const { res, statements } = await view();
      expect(statements).toBe(4);
      expect(res.data.curation.collections).toEqual([]);
      expect(res.data.curation.calls.length).toBe(
        await prisma.call.count({ where: { status: "open" } }).then((n) => Math.min(n, 3)),
      );
    } finally {
      await prisma.collection.updateMany({
        where: { id: { in: featured.map((f) => f.id) } },
        data: { featured: true },
      });
    }
  });
});

describe("a base page's and a topic page's reads", () => {
  it("a base without adoptions: the base and its cases, two statements; with one, both lists in a third", async () => {
    const quiet = await prisma.base.findFirstOrThrow({
      where: { adoptions: { none: {} }, cases: { none: { adoptions: { some: {} } } } },
      select: { id: true, slug: true },
    });
    const before = await page(basePage, `/bases/${quiet.slug}`, quiet.slug);
    expect(before.res.status).toBe(200);
    expect(before.statements).toBe(2);
    expect(before.res.data.adoptions).toEqual({ adopted: [], adoptedFrom: [] });
    expect(before.sql.filter((s) => ADOPTIONS.test(s))).toEqual([]);

    // The base adopts a visible case of another base.
    const other = await prisma.caseStudy.findFirstOrThrow({
      where: { status: "published", deletedAt: null, baseId: { not: quiet.id } },
      select: { id: true, slug: true, baseId: true, authorId: true },
    });
    await prisma.adoption.create({
      data: { caseId: other.id, baseId: quiet.id, userId: other.authorId, stage: "piloting" },
    });
    try {
      const adopter = await page(basePage, `/bases/${quiet.slug}`, quiet.slug);
      expect(adopter.statements).toBe(3);
      expect(adopter.res.data.adoptions.adopted.map((a: { case: { slug: string } }) => a.case.slug)).toEqual([
        other.slug,
      ]);
      expect(adopter.res.data.adoptions.adoptedFrom).toEqual([]);
      // The other base's page lists it among the adoptions of its cases.
      const source = await prisma.base.findUniqueOrThrow({ where: { id: other.baseId! }, select: { slug: true } });
      const from = await page(basePage, `/bases/${source.slug}`, source.slug);
      const adoptedFrom = from.res.data.adoptions.adoptedFrom as Array<{
        case: { slug: string };
        base: { slug: string };
      }>;
      // (The demo data may have other bases adopting the same case.)
      expect(adoptedFrom.filter((a) => a.case.slug === other.slug).map((a) => a.base.slug)).toContain(quiet.slug);
      expect(from.sql.filter((s) => ADOPTIONS.test(s))).toHaveLength(1);
    } finally {
      await prisma.adoption.deleteMany({ where: { baseId: quiet.id } });
    }
  });

  it("a member's follow of a base or a topic comes with its page's read", async () => {
    const base = await prisma.base.findFirstOrThrow({ select: { id: true, slug: true } });
    const topic = await prisma.topic.findFirstOrThrow({ select: { id: true, slug: true } });
    const m = await createTestUser({ emailVerified: true });
    const cookie = await cookieFor(m.id);
    const shown = async () => {
      const b = await page(basePage, `/bases/${base.slug}`, base.slug, cookie);
      const t = await page(topicPage, `/topics/${topic.slug}`, topic.slug, cookie);
      for (const v of [b, t]) expect(v.sql.filter((s) => FOLLOWS.test(s.trim()))).toEqual([]);
      return [b.res.data.viewer.following, t.res.data.follow.following];
    };
    expect(await shown()).toEqual([false, false]);
    await prisma.subscription.create({ data: { userId: m.id, targetType: "base", targetId: base.id } });
    await prisma.subscription.create({ data: { userId: m.id, targetType: "topic", targetId: topic.id } });
    expect(await shown()).toEqual([true, true]);
    // Another member does not follow them; a reader's page has one statement for the topic and one for its cases.
    const other = await cookieFor((await createTestUser({ emailVerified: true })).id);
    const b = await page(basePage, `/bases/${base.slug}`, base.slug, other);
    expect(b.res.data.viewer.following).toBe(false);
    const reader = await page(topicPage, `/topics/${topic.slug}`, topic.slug);
    expect(reader.res.data.follow).toEqual({ following: false, signedIn: false });
    expect(reader.statements).toBe(2);
  });
});
