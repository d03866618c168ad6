// The home page's statements (ADR 082): one per region of the page — the latest cases, the
// topics with their counts, the bases with how many there are, the curation (open calls and
// featured collections) — on either database, for a reader. What each region shows is the
// same as its own reads answer.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import * as home from "~/routes/_index/route.tsx";
import { seedIfEmpty } from "../../prisma/seed.ts";
import { callRoute } from "../helpers/route.ts";
import { watchStatements } from "../helpers/statements.ts";

async function view() {
  const watched = await watchStatements(() => callRoute(home.loader, { path: "/" }));
  return { res: watched.result, statements: watched.statements, sql: watched.rows.map((r) => r.sql) };
}

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
