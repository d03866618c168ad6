// The home page's featured collections statement chooses each collection's first visible
// cases from that collection's items (ADR 072): SQLite must walk CollectionItem by the
// collection and look each case up by id, not go through every visible case of the site by
// CaseStudy's status index, once per collection (0.85 ms a home render with 5,000 cases).
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { featuredCollections } from "~/models/collection.server.ts";
import { closeReadConnection } from "~/utils/db-read.server.ts";
import { databaseFile } from "~/utils/database-url.ts";
import { sqlProvider } from "~/utils/sql-dialect.ts";
import { seedIfEmpty } from "../../prisma/seed.ts";

beforeAll(async () => {
  expect(await seedIfEmpty({ quiet: true })).toBe(true);
}, 180_000);

describe.skipIf(sqlProvider() === "postgresql")("featured collections on SQLite", () => {
  it("looks up only the collection's own items, then their cases by id", async () => {
    // A fresh read connection prepares its statements again, so the spy sees this one's SQL.
    closeReadConnection();
    const prepare = vi.spyOn(Database.prototype, "prepare");
    let sql: string | undefined;
    try {
      const collections = await featuredCollections("zh-CN", 2, 4);
      expect(collections.some((c) => c.cases.length > 0)).toBe(true);
      sql = prepare.mock.calls.map((c) => c[0]).find((s) => s.includes("collectionSlug"));
    } finally {
      prepare.mockRestore();
    }
    expect(sql).toBeDefined();
    const db = new Database(databaseFile(), { readonly: true });
    try {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(2, 4) as Array<{ detail: string }>).map(
        (r) => r.detail,
      );
      // The items of one collection by the primary key's first column…
      expect(plan).toContain("SEARCH i USING INDEX sqlite_autoindex_CollectionItem_1 (collectionId=?)");
      // …then each of their cases by id; never CaseStudy by another index, nor a scan of it.
      const caseSteps = plan.filter((d) => /^(SEARCH|SCAN) v\b/.test(d));
      expect(caseSteps).toEqual(["SEARCH v USING INDEX sqlite_autoindex_CaseStudy_1 (id=?)"]);
    } finally {
      db.close();
    }
  });
});
