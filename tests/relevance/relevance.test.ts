// The search relevance set (tests/relevance/judgments.ts) run against the demo
// corpus: the demo cases seeded through the real draft/publish path, indexed
// through the outbox drain (caseSearchDocuments → engine.upsert), queried exactly
// as /search queries (parseSearchParams → toSearchQuery). Prints recall@10 and
// nDCG@10 per query, per category and overall; asserts mean nDCG@10 ≥ 0.92 and ≥ 0.85 in every issue-13 class, typos and the held-out third.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { drainSearchOutbox } from "~/jobs/search-outbox.server.ts";
import { caseSearchDocuments, CONTENT_INDEX } from "~/models/search-documents.server.ts";
import { parseSearchParams, toSearchQuery } from "~/models/search.server.ts";
import { SqliteFtsEngine } from "~/search/sqlite-fts.server.ts";
import { PostgresSearchEngine } from "~/search/postgres.server.ts";
import type { SearchEngine } from "~/search/port.ts";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../helpers/postgres.ts";
import { DEMO_CASES, seedDemoCases } from "../../prisma/demo-cases.ts";
import { seedIfEmpty } from "../../prisma/seed.ts";
import { RELEVANCE_CASES } from "./fixture-cases.ts";
import { JUDGMENTS, type Category, type Judgment } from "./judgments.ts";
import { mean, ndcgAt, recallAt } from "./metrics.ts";

const K = 10;
const TARGET = 0.92;
/** Issue 13: every class it added, typos, and the held-out third, at least this. */
const CLASS_TARGET = 0.85;

let engine: SqliteFtsEngine;
/**
 * The same set against the PostgreSQL engine on a throwaway cluster (tests/helpers/postgres.ts),
 * which must score within 0.02 of the embedded engine overall (issue 14 point 2). Runs wherever
 * PostgreSQL's binaries are (CI installs them, as for the engine contract suite).
 */
const noPostgres = postgresUnavailable();
if (noPostgres && process.env.CI) throw new Error(noPostgres);
const withPostgres = !noPostgres;
let pgEngine: PostgresSearchEngine | undefined;
let cluster: PostgresCluster | undefined;
/** search document id -> demo key */
const keyOf = new Map<string, string>();

beforeAll(async () => {
  process.env.DEMO_DATA = "true";
  expect(await seedIfEmpty({ quiet: true })).toBe(true);
  // The issue-13 fixtures, published the same way on top of the demo.
  expect(await seedDemoCases({ quiet: true, cases: RELEVANCE_CASES })).toBe(RELEVANCE_CASES.length);
  engine = new SqliteFtsEngine();
  await engine.ensureIndex(CONTENT_INDEX);
  await drainSearchOutbox("relevance", { engine, batch: 100 });
  if (withPostgres) {
    cluster = await startPostgres("relevance");
    pgEngine = new PostgresSearchEngine({ url: cluster.url });
    await pgEngine.ensureIndex(CONTENT_INDEX);
    // The same documents, read back from the embedded index's source: the outbox is drained once,
    // so the documents are built again from the database.
    const ids = (await prisma.caseStudy.findMany({ select: { id: true } })).map((c) => c.id);
    await pgEngine.upsert((await caseSearchDocuments(ids)).upserts);
  }
  for (const c of await prisma.caseStudy.findMany({ select: { id: true, clientKey: true } })) {
    keyOf.set(`case-${c.id}`, String(c.clientKey).replace(/^demo:/, ""));
  }
}, 300_000);

/** The URL the search page would have for this query. */
function urlParams(j: Judgment): URLSearchParams {
  const p = new URLSearchParams({ q: j.q });
  for (const [facet, values] of Object.entries(j.filters ?? {})) for (const v of values) p.append(facet, v);
  return p;
}

afterAll(async () => {
  await pgEngine?.close();
  await cluster?.stop();
});

async function ranked(j: Judgment, opts: { relax?: boolean; on?: SearchEngine } = {}): Promise<string[]> {
  const query = toSearchQuery(parseSearchParams(urlParams(j)));
  const result = await (opts.on ?? engine).search(opts.relax === false ? { ...query, relaxBelow: 0 } : query);
  return result.hits.slice(0, K).map((h) => keyOf.get(h.id) ?? h.id);
}

describe("relevance set", () => {
  it("is well formed: enough queries of every kind, every judged key a demo case", () => {
    expect(JUDGMENTS.length).toBeGreaterThanOrEqual(45);
    const keys = new Set([...DEMO_CASES, ...RELEVANCE_CASES].map((c) => c.key));
    for (const j of JUDGMENTS) {
      expect(Object.keys(j.rel).length, j.q).toBeGreaterThan(0);
      for (const k of Object.keys(j.rel)) expect(keys.has(k), `${j.q}: ${k}`).toBe(true);
    }
    const seen = new Set(JUDGMENTS.map((j) => `${j.q}|${JSON.stringify(j.filters ?? {})}`));
    expect(seen.size).toBe(JUDGMENTS.length);
    const categories = new Set(JUDGMENTS.map((j) => j.category));
    for (const c of [
      "zh-word",
      "zh-inside",
      "zh-compound",
      "en-word",
      "en-phrase",
      "typo",
      "mixed",
      "filter",
      "cross-language",
      "place",
      "base-name",
      "same-language",
      "partial",
      "mixed-acronym",
    ] as Category[])
      expect(categories.has(c), c).toBe(true);
    // A third of each issue-13 class is held out.
    for (const c of ["place", "base-name", "same-language", "partial", "mixed-acronym"] as Category[]) {
      const all = JUDGMENTS.filter((j) => j.category === c);
      expect(all.filter((j) => j.heldOut).length, c).toBe(Math.floor(all.length / 3));
    }
  });

  it(`mean nDCG@${K} over the demo corpus is at least ${TARGET}`, async () => {
    expect(keyOf.size).toBe(DEMO_CASES.length + RELEVANCE_CASES.length);
    const rows: Array<{ j: Judgment; recall: number; ndcg: number; top: string[] }> = [];
    for (const j of JUDGMENTS) {
      const top = await ranked(j);
      rows.push({ j, recall: recallAt(top, j.rel, K), ndcg: ndcgAt(top, j.rel, K), top });
    }
    const f = (x: number) => x.toFixed(3);
    const label = (j: Judgment) =>
      j.filters
        ? `${j.q} [${Object.entries(j.filters)
            .map(([k, v]) => `${k}=${v.join("|")}`)
            .join(" ")}]`
        : j.q;
    const lines = [`${"query".padEnd(48)} ${"category".padEnd(14)} recall@${K}  nDCG@${K}`];
    // Held-out queries appear only in the class totals below.
    for (const r of rows.filter((x) => !x.j.heldOut))
      lines.push(
        `${(label(r.j) + (r.j.heldOut ? " (held out)" : "")).padEnd(48)} ${r.j.category.padEnd(14)} ${f(r.recall).padStart(9)}  ${f(r.ndcg).padStart(7)}`,
      );
    lines.push("", `${"category".padEnd(15)} queries  recall@${K}  nDCG@${K}`);
    const byCategory = new Map<string, typeof rows>();
    for (const r of rows) byCategory.set(r.j.category, [...(byCategory.get(r.j.category) ?? []), r]);
    // The held-out third of the issue-13 classes, also as one class of its own.
    for (const r of rows.filter((x) => x.j.heldOut))
      for (const c of [`${r.j.category}*`, "held-out"]) byCategory.set(c, [...(byCategory.get(c) ?? []), r]);
    for (const [c, rs] of byCategory)
      lines.push(
        `${c.padEnd(15)} ${String(rs.length).padStart(7)}  ${f(mean(rs.map((r) => r.recall))).padStart(9)}  ${f(mean(rs.map((r) => r.ndcg))).padStart(7)}`,
      );
    const meanRecall = mean(rows.map((r) => r.recall));
    const meanNdcg = mean(rows.map((r) => r.ndcg));
    lines.push(
      `${"all".padEnd(15)} ${String(rows.length).padStart(7)}  ${f(meanRecall).padStart(9)}  ${f(meanNdcg).padStart(7)}`,
    );
    if (process.env.RELEVANCE_VERBOSE) {
      lines.push("", "Below 1 (ranked keys, grade in brackets):");
      // Held-out queries are never listed: they are scored, not looked into while tuning.
      for (const r of rows.filter((r) => r.ndcg < 0.999 && !r.j.heldOut))
        lines.push(`${label(r.j)}: ${r.top.map((k) => `${k}(${r.j.rel[k] ?? 0})`).join(", ") || "(no hits)"}`);
    }
    console.log(lines.join("\n"));
    expect(meanNdcg).toBeGreaterThanOrEqual(TARGET);
    for (const c of ["typo", "place", "base-name", "same-language", "partial", "mixed-acronym", "held-out"]) {
      const rs = byCategory.get(c) ?? [];
      expect(rs.length, c).toBeGreaterThan(0);
      expect(mean(rs.map((r) => r.ndcg)), c).toBeGreaterThanOrEqual(CLASS_TARGET);
    }
  }, 120_000);

  it.runIf(withPostgres)(
    "scores within 0.02 of the embedded engine on the PostgreSQL engine",
    async () => {
      const f = (x: number) => x.toFixed(3);
      const rows: Array<{ j: Judgment; embedded: number; postgres: number; recall: number }> = [];
      for (const j of JUDGMENTS) {
        const top = await ranked(j, { on: pgEngine });
        rows.push({
          j,
          embedded: ndcgAt(await ranked(j), j.rel, K),
          postgres: ndcgAt(top, j.rel, K),
          recall: recallAt(top, j.rel, K),
        });
      }
      const lines = [`${"category".padEnd(15)} queries  embedded nDCG@${K}  postgres recall@${K} nDCG@${K}`];
      for (const c of [...new Set(JUDGMENTS.map((j) => j.category)), "all"]) {
        const rs = rows.filter((r) => c === "all" || r.j.category === c);
        lines.push(
          `${c.padEnd(15)} ${String(rs.length).padStart(7)}  ${f(mean(rs.map((r) => r.embedded))).padStart(16)}  ${f(mean(rs.map((r) => r.recall))).padStart(17)} ${f(mean(rs.map((r) => r.postgres))).padStart(7)}`,
        );
      }
      console.log(lines.join("\n"));
      expect(mean(rows.map((r) => r.postgres))).toBeGreaterThanOrEqual(mean(rows.map((r) => r.embedded)) - 0.02);
    },
    300_000,
  );

  it("is better with the zh↔en glossary than without it (printed for comparison)", async () => {
    // Every word required in both runs: partial matching would answer some cross-language
    // queries from one of their words.
    const measure = async () => {
      const rows: Array<{ j: Judgment; recall: number; ndcg: number }> = [];
      for (const j of JUDGMENTS) {
        const top = await ranked(j, { relax: false });
        rows.push({ j, recall: recallAt(top, j.rel, K), ndcg: ndcgAt(top, j.rel, K) });
      }
      return rows;
    };
    const withGlossary = await measure();
    // The same index queried without synonyms (they are query time only: no reindex).
    await engine.ensureIndex({ ...CONTENT_INDEX, synonyms: undefined });
    const without = await measure();
    await engine.ensureIndex(CONTENT_INDEX);
    const f = (x: number) => x.toFixed(3);
    const lines = [
      `${"category".padEnd(15)} queries  without: recall@${K} nDCG@${K}   with glossary: recall@${K} nDCG@${K}`,
    ];
    const cats = [...new Set(JUDGMENTS.map((j) => j.category)), "all"];
    for (const c of cats) {
      const a = without.filter((r) => c === "all" || r.j.category === c);
      const b = withGlossary.filter((r) => c === "all" || r.j.category === c);
      lines.push(
        `${c.padEnd(15)} ${String(a.length).padStart(7)}  ${f(mean(a.map((r) => r.recall))).padStart(17)} ${f(mean(a.map((r) => r.ndcg))).padStart(7)}   ${f(mean(b.map((r) => r.recall))).padStart(23)} ${f(mean(b.map((r) => r.ndcg))).padStart(7)}`,
      );
    }
    const moved = withGlossary
      .map((r, i) => ({
        q: r.j.q + (r.j.filters ? ` ${JSON.stringify(r.j.filters)}` : ""),
        before: without[i]!.ndcg,
        after: r.ndcg,
      }))
      .filter((x) => Math.abs(x.after - x.before) > 0.0005);
    lines.push(
      "",
      "nDCG@10 moved by the glossary:",
      ...moved.map((x) => `  ${x.q.padEnd(44)} ${f(x.before)} → ${f(x.after)}`),
    );
    console.log(lines.join("\n"));
    expect(mean(withGlossary.map((r) => r.ndcg))).toBeGreaterThan(mean(without.map((r) => r.ndcg)));
    // The cross-language queries can only be answered through the glossary.
    for (const r of without.filter((x) => x.j.category === "cross-language")) expect(r.recall, r.j.q).toBe(0);
  }, 120_000);
});
