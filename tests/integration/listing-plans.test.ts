// How SQLite runs the listing pages' statements, where a plan that grows with the site was
// found (ADR 072). The home page's featured collections statement chooses each collection's
// first visible cases from that collection's items: it must walk CollectionItem by the
// collection and look each case up by id, not go through every visible case of the site by
// CaseStudy's status index, once per collection (0.85 ms a home render with 5,000 cases).
// A listing's count of every matching case reads CaseStudy alone, without looking up each
// case's base (0.74 against 0.16 ms with 5,000 cases).
// The home page's newest cases, readable ones first, are read from indexes in date order,
// not found by testing every visible case for a translation (2.7–5 ms at 5,000; ADR 080).
// A listing makes its cards (summaries, topics' and translations' JSON) for the rows it shows only,
// in the order its page of ids came in: no sort of the finished rows, none per card for its topics.
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { homeCuration } from "~/models/collection.server.ts";
import { listCases, newestReadableFirst } from "~/models/case.server.ts";
import { CASE_SORTS } from "~/models/case-sort.ts";
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

/** The plan's steps with their parent step (0: the statement's own loop, not a subquery's). */
function planSteps(sql: string, ...args: unknown[]): Array<{ id: number; parent: number; detail: string }> {
  const db = new Database(databaseFile(), { readonly: true });
  try {
    return db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{
      id: number;
      parent: number;
      detail: string;
    }>;
  } finally {
    db.close();
  }
}

function planOf(sql: string, ...args: unknown[]): string[] {
  return planSteps(sql, ...args).map((s) => s.detail);
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

  it("a listing's card rows are sorted once, as ids, and no card sorts its topics", async () => {
    for (const sort of CASE_SORTS) {
      const sql = await preparedSql(
        async () => expect((await listCases({}, { take: 20, sort })).cases.length).toBeGreaterThan(0),
        (s) => s.includes("AS total"),
      );
      const steps = planSteps(sql, 21, 0);
      // The page of ids (subquery p) is chosen in order; the finished rows (summaries, JSON) are not
      // put through a temporary B-tree again, nor each card's topics through one of their own.
      const outer = steps.filter((s) => s.parent === 0).map((s) => s.detail);
      expect(outer, sort).toContain("CO-ROUTINE p");
      expect(
        outer.filter((d) => d.includes("TEMP B-TREE")),
        sort,
      ).toEqual([]);
      expect(
        steps.filter((s) => s.detail.includes("TEMP B-TREE") && !isUnder(steps, s, "CO-ROUTINE p")),
        sort,
      ).toEqual([]);
      expect(
        steps.filter((s) => s.detail.startsWith("CO-ROUTINE") && s.detail !== "CO-ROUTINE p"),
        sort,
      ).toEqual([]);
    }
  });

  it("featured collections: only the collection's own items, then their cases by id", async () => {
    const sql = await preparedSql(
      async () => {
        const { collections } = await homeCuration("zh-CN", 2, 4, 3);
        expect(collections.some((c) => c.cases.length > 0)).toBe(true);
      },
      (s) => s.includes("collectionSlug"),
    );
    const plan = planOf(sql, 3, 2, 4);
    // The items of one collection by the primary key's first column…
    expect(plan).toContain("SEARCH i USING INDEX sqlite_autoindex_CollectionItem_1 (collectionId=?)");
    // …then each of their cases by id; never CaseStudy by another index, nor a scan of it.
    const caseSteps = plan.filter((d) => /^(SEARCH|SCAN) v\b/.test(d));
    expect(caseSteps).toEqual(["SEARCH v USING INDEX sqlite_autoindex_CaseStudy_1 (id=?)"]);
  });

  it("the home page's readable-first listing reads indexes in date order and tests no case for a translation", async () => {
    const sql = await preparedSql(
      async () => expect(await newestReadableFirst("en", 6)).toHaveLength(6),
      (s) => s.includes("max(pref)"),
    );
    const plan = planOf(sql, "en", 6, "en", 6, 6, 6).join("\n");
    expect(plan).toContain(
      "USING COVERING INDEX CaseStudy_language_idx (status=? AND deletedAt=? AND contentLanguage=?)",
    );
    expect(plan).toContain("USING COVERING INDEX CaseTranslation_locale_caseId_idx (locale=?)");
    // The old statement's EXISTS for every visible case, sorted as a whole.
    expect(plan).not.toMatch(/CORRELATED SCALAR SUBQUERY[^\n]*\n[^\n]*SEARCH tl/);
    // The first six are chosen among the candidates' ids; cards are made for those six only, in that
    // order (sorted after the cards' columns, every candidate got its card and its JSON).
    const outer = planSteps(sql, "en", 6, "en", 6, 6, 6).filter((s) => s.parent === 0);
    expect(outer.map((s) => s.detail).filter((d) => d.includes("TEMP B-TREE"))).toEqual([]);
  });
});

/** True when `step` is inside the plan step whose detail is `detail`. */
function isUnder(
  steps: Array<{ id: number; parent: number; detail: string }>,
  step: { parent: number },
  detail: string,
) {
  for (let p = step.parent; p !== 0; p = steps.find((s) => s.id === p)?.parent ?? 0)
    if (steps.find((s) => s.id === p)?.detail === detail) return true;
  return false;
}

describe("a listing card's topics", () => {
  it("come in the topics' order (position, then slug), whatever order the database finds them in", async () => {
    const c = await prisma.caseStudy.findFirstOrThrow({
      where: { status: "published", deletedAt: null, topics: { some: {} } },
      orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
      select: { id: true, topics: { select: { topicId: true } } },
    });
    const others = await prisma.topic.findMany({
      where: { id: { notIn: c.topics.map((t) => t.topicId) } },
      orderBy: { id: "asc" },
      take: 3,
    });
    await prisma.caseTopic.createMany({ data: others.map((t) => ({ caseId: c.id, topicId: t.id })) });
    const saved = await prisma.topic.findMany({ select: { id: true, position: true } });
    try {
      // Positions against the ids' order, and two topics sharing one (then by slug).
      const all = await prisma.topic.findMany({ orderBy: { id: "asc" } });
      for (const [i, t] of all.entries())
        await prisma.topic.update({ where: { id: t.id }, data: { position: Math.floor((all.length - i) / 2) } });
      const expected = (
        await prisma.topic.findMany({
          where: { cases: { some: { caseId: c.id } } },
          orderBy: [{ position: "asc" }, { slug: "asc" }],
          select: { id: true, slug: true, nameZh: true, nameEn: true },
        })
      ).map((topic) => ({ topic }));
      expect(expected.length).toBeGreaterThan(2);
      const card = (await listCases({}, { take: 50 })).cases.find((x) => x.id === c.id);
      expect(card?.topics).toEqual(expected);
    } finally {
      for (const t of saved) await prisma.topic.update({ where: { id: t.id }, data: { position: t.position } });
      await prisma.caseTopic.deleteMany({ where: { caseId: c.id, topicId: { in: others.map((t) => t.id) } } });
    }
  });
});

describe("the home page's readable-first listing", () => {
  it("gives the first cases of every visible case ordered by readable, then newest", async () => {
    // Some cases written in English, some Chinese ones translated, one translation of a deleted case.
    const visible = await prisma.caseStudy.findMany({
      where: { status: "published", deletedAt: null },
      select: { id: true, authorId: true },
      orderBy: { id: "asc" },
    });
    expect(visible.length).toBeGreaterThan(12);
    const english = visible.filter((_, i) => i % 7 === 3).map((c) => c.id);
    await prisma.caseStudy.updateMany({ where: { id: { in: english } }, data: { contentLanguage: "en" } });
    const translated = visible.filter((_, i) => i % 5 === 1 && !english.includes(visible[i]!.id));
    for (const c of translated)
      for (const locale of ["en"] as const)
        await prisma.caseTranslation.create({
          data: { caseId: c.id, locale, title: "T", summary: "S", content: "[]", updatedById: c.authorId },
        });
    await prisma.caseStudy.update({ where: { id: translated[0]!.id }, data: { deletedAt: new Date() } });

    const all = await prisma.caseStudy.findMany({
      where: { status: "published", deletedAt: null },
      select: { id: true, publishedAt: true, contentLanguage: true, translations: { select: { locale: true } } },
    });
    for (const locale of ["en", "zh-CN"] as const) {
      const readable = (c: (typeof all)[number]) =>
        c.contentLanguage === locale || c.translations.some((t) => t.locale === locale) ? 1 : 0;
      const expected = [...all]
        .sort(
          (a, b) =>
            readable(b) - readable(a) ||
            b.publishedAt!.getTime() - a.publishedAt!.getTime() ||
            (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
        )
        .map((c) => c.id);
      for (const take of [1, 3, 6, english.length + translated.length + 2]) {
        const page = await newestReadableFirst(locale, take);
        expect(
          page.map((c) => c.id),
          `${locale}, ${take}`,
        ).toEqual(expected.slice(0, take));
      }
    }
  });
});
