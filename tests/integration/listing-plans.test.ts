// How SQLite runs the listing pages' statements, where a plan that grows with the site was
// found (ADR 072). The home page's featured collections statement chooses each collection's
// first visible cases from that collection's items: it must walk CollectionItem by the
// collection and look each case up by id, not go through every visible case of the site by
// CaseStudy's status index, once per collection (0.85 ms a home render with 5,000 cases).
// A listing's count of every matching case reads CaseStudy alone, without looking up each
// case's base (0.74 against 0.16 ms with 5,000 cases).
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { featuredCollections } from "~/models/collection.server.ts";
import { listCases } from "~/models/case.server.ts";
import { closeReadConnection } from "~/utils/db-read.server.ts";
import { databaseFile } from "~/utils/database-url.ts";
import { sqlProvider } from "~/utils/sql-dialect.ts";
import { prisma } from "~/utils/db.server.ts";
import { seedIfEmpty } from "../../prisma/seed.ts";

beforeAll(async () => {
  expect(await seedIfEmpty({ quiet: true })).toBe(true);
}, 180_000);

/** The SQL `run` prepares on a fresh read connection (the first that `pick` selects). */
async function preparedSql(run: () => Promise<unknown>, pick: (sql: string) => boolean): Promise<string> {
  closeReadConnection();
  const prepare = vi.spyOn(Database.prototype, "prepare");
  try {
    await run();
    const sql = prepare.mock.calls.map((c) => c[0]).find(pick);
    expect(sql).toBeDefined();
    return sql!;
  } finally {
    prepare.mockRestore();
  }
}

function planOf(sql: string, ...args: unknown[]): string[] {
  const db = new Database(databaseFile(), { readonly: true });
  try {
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail);
  } finally {
    db.close();
  }
}

describe.skipIf(sqlProvider() === "postgresql")("listing statements on SQLite", () => {
  it("a listing looks up bases for the page's cards only, not for its count or its choice of rows", async () => {
    const base = await prisma.base.findFirstOrThrow({
      where: { cases: { some: { status: "published", deletedAt: null } } },
      select: { slug: true },
    });
    for (const filters of [{}, { base: base.slug }]) {
      let page: Awaited<ReturnType<typeof listCases>> | undefined;
      const sql = await preparedSql(
        async () => (page = await listCases(filters, { take: 20 })),
        (s) => s.includes("AS total"),
      );
      expect(page!.cases.length).toBeGreaterThan(0);
      const args = "base" in filters ? [base.slug, base.slug, 21, 0] : [21, 0];
      const plan = planOf(sql, ...args);
      // The one Base step is the card's own (the outer LEFT JOIN by the page's rows).
      expect(plan.filter((d) => /^(SEARCH|SCAN) b\b/.test(d))).toHaveLength(1);
    }
  });

  it("featured collections: only the collection's own items, then their cases by id", async () => {
    const sql = await preparedSql(
      async () => {
        const collections = await featuredCollections("zh-CN", 2, 4);
        expect(collections.some((c) => c.cases.length > 0)).toBe(true);
      },
      (s) => s.includes("collectionSlug"),
    );
    const plan = planOf(sql, 2, 4);
    // The items of one collection by the primary key's first column…
    expect(plan).toContain("SEARCH i USING INDEX sqlite_autoindex_CollectionItem_1 (collectionId=?)");
    // …then each of their cases by id; never CaseStudy by another index, nor a scan of it.
    const caseSteps = plan.filter((d) => /^(SEARCH|SCAN) v\b/.test(d));
    expect(caseSteps).toEqual(["SEARCH v USING INDEX sqlite_autoindex_CaseStudy_1 (id=?)"]);
  });
});
