// Embedded-engine specifics the shared contract cannot see: the clause cache stays
// correct across small writes, a second process's writes are picked up, and a
// changed schema rebuilds the index.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { contractDocs, contractSchema } from "./contract.fixtures.ts";
import { SEGMENTER } from "./segment.ts";
import { closeSegmentPool } from "./segment-pool.server.ts";
import { SqliteFtsEngine } from "./sqlite-fts.server.ts";

const tmpFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "search-fts-")), "s.db");

/** Two engines on one index file, as two server processes have. */
async function twoConnections(): Promise<[SqliteFtsEngine, SqliteFtsEngine]> {
  const file = tmpFile();
  const a = new SqliteFtsEngine({ file });
  const b = new SqliteFtsEngine({ file });
  await a.ensureIndex(contractSchema);
  await b.ensureIndex(contractSchema);
  return [a, b];
}

describe("embedded engine", () => {
  it("refuses a database URL that is not a SQLite file instead of opening a file named after it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-fts-url-"));
    const cwd = process.cwd();
    const saved = process.env.DATABASE_URL;
    process.chdir(dir);
    process.env.DATABASE_URL = "postgresql://bee:secret@127.0.0.1:5432/bee";
    try {
      expect(() => new SqliteFtsEngine({ segmentWorkers: 0 })).toThrow(
        /needs a SQLite file: DATABASE_URL.*postgresql: URL/,
      );
      expect(() => new SqliteFtsEngine({ segmentWorkers: 0 })).not.toThrow(/secret/);
      // Nothing was created where the URL would have been taken for a path.
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
      process.env.DATABASE_URL = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps cached match sets correct through small upserts and deletes", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile(), cacheMinRows: 0 });
    await e.ensureIndex(contractSchema);
    await e.upsert(contractDocs);
    const ids = async (q: string) => (await e.search({ q, perPage: 50 })).hits.map((h) => h.id).sort();
    expect(await ids("warehouse ")).toEqual(["doc-1", "doc-2", "doc-3", "doc-4"]);
    expect(e.cachedClauses).toBeGreaterThan(0);
    await e.upsert([{ id: "doc-10", kind: "case", fields: { title: "New warehouse", body: "" } }]);
    expect(e.cachedClauses).toBeGreaterThan(0);
    expect(await ids("warehouse ")).toEqual(["doc-1", "doc-10", "doc-2", "doc-3", "doc-4"]);
    await e.upsert([{ ...contractDocs[3]!, fields: { ...contractDocs[3]!.fields, body: "No more storage here." } }]);
    expect(await ids("warehouse ")).toEqual(["doc-1", "doc-10", "doc-2", "doc-3"]);
    await e.delete(["doc-2"]);
    expect(await ids("warehouse ")).toEqual(["doc-1", "doc-10", "doc-3"]);
    await e.close();
  });

  it("caches the match sets of a small index too (the statements, not the rows, cost there) and drops them on a write", async () => {
    // Default settings: sets under 1,000 rows are cached only while the index is small.
    const e = new SqliteFtsEngine({ file: tmpFile() });
    await e.ensureIndex(contractSchema);
    await e.upsert(contractDocs);
    const ids = async (q: string) => (await e.search({ q, perPage: 50 })).hits.map((h) => h.id).sort();
    expect(await ids("warehouse ")).toEqual(["doc-1", "doc-2", "doc-3", "doc-4"]);
    const cached = e.cachedClauses;
    expect(cached).toBeGreaterThan(0);
    expect(await ids("warehouse ")).toEqual(["doc-1", "doc-2", "doc-3", "doc-4"]);
    expect(e.cachedClauses).toBe(cached);
    await e.upsert([{ id: "doc-10", kind: "case", fields: { title: "New warehouse", body: "" } }]);
    expect(e.cachedClauses).toBe(0);
    expect(await ids("warehouse ")).toEqual(["doc-1", "doc-10", "doc-2", "doc-3", "doc-4"]);
    await e.delete(["doc-2"]);
    expect(await ids("warehouse ")).toEqual(["doc-1", "doc-10", "doc-3", "doc-4"]);
    await e.close();
  });

  it("warms the cache with frequent words and domain compounds", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile(), cacheMinRows: 0 });
    await e.ensureIndex(contractSchema);
    await e.upsert(contractDocs);
    expect(e.cachedClauses).toBe(0);
    expect(await e.warm(20)).toBeGreaterThan(20);
    const before = e.cachedClauses;
    expect((await e.search({ q: "跨境电商" })).hits.map((h) => h.id).sort()).toEqual(["doc-5", "doc-7"]);
    expect(e.cachedClauses).toBe(before);
    await e.close();
  });

  it("requires every word of a query, and ranks documents with the words together first", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile(), cacheMinRows: 0 });
    await e.ensureIndex(contractSchema);
    const d = (id: string, title: string, body: string) => ({ id, kind: "case", fields: { title, summary: "", body } });
    await e.upsert([
      d("apart", "海外认证服务站", "依托已有的检测平台"),
      d("together", "灯饰企业", "一站式办理检测认证"),
      d("one-word", "检测中心", "快检室"),
      d("en-apart", "Quality of service", "The standard contract"),
      d("en-together", "Goji berries", "A published quality standard"),
    ]);
    const ids = async (q: string) => (await e.search({ q })).hits.map((h) => h.id);
    // 检测认证 is cut into 检测 + 认证: both required, anywhere; together beats a title match (proximity before attribute).
    expect(await ids("检测认证")).toEqual(["together", "apart"]);
    expect(await ids("quality standard")).toEqual(["en-together", "en-apart"]);
    await e.close();
  });

  it("ranks matches through a synonym just below matches of what was typed", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile(), cacheMinRows: 0 });
    await e.ensureIndex({
      ...contractSchema,
      synonyms: [
        ["直播", "live streaming"],
        ["品牌", "brand", "branding"],
        ["标准", "standard"],
      ],
    });
    const d = (id: string, title: string, summary: string, body = "") => ({
      id,
      kind: "case",
      fields: { title, summary, body },
    });
    await e.upsert([
      d("zh-title", "假发直播出口", ""),
      d("en-title", "Live streaming wigs abroad", ""),
      d("zh-summary", "假发出口", "工厂直播间"),
      d("en-body", "Wig exports", "", "Sales grew with live streaming."),
      d("zh-body", "假发工厂", "", "每天晚上直播"),
      d("zh-standardization", "标准化建设", ""),
      d("en-standard", "A published standard", ""),
    ]);
    const ids = async (q: string) => (await e.search({ q })).hits.map((h) => h.id);
    // title as typed > title through a synonym > summary as typed > … > body through a synonym.
    expect(await ids("直播")).toEqual(["zh-title", "en-title", "zh-summary", "zh-body", "en-body"]);
    expect(await ids("live streaming ")).toEqual(["en-title", "zh-title", "zh-summary", "en-body", "zh-body"]);
    // A glossary term inside a longer Chinese run is expanded too, the rest still required.
    expect(await ids("假发直播")).toEqual(["zh-title", "zh-summary", "zh-body"]);
    expect(await ids("直播 wigs")).toEqual(["en-title"]);
    // A term is taken only where it is a word of the query: 标准化 is not 标准 + 化.
    expect(await ids("标准化")).toEqual(["zh-standardization"]);
    expect(await ids("标准")).toEqual(["zh-standardization", "en-standard"]);
    // The synonym is highlighted where it matched.
    const hit = (await e.search({ q: "直播" })).hits.find((h) => h.id === "en-title")!;
    expect(hit.highlights.title).toBe("<mark>Live</mark> <mark>streaming</mark> wigs abroad");
    // Without synonyms in the schema nothing crosses languages (and the index is kept: synonyms are query time only).
    await e.ensureIndex({ ...contractSchema, synonyms: undefined });
    expect(await e.count()).toBe(7);
    expect(await ids("直播")).toEqual(["zh-title", "zh-summary", "zh-body"]);
    await e.close();
  });

  it("finds a misspelt glossary term's synonyms, as the term typed correctly would", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile(), cacheMinRows: 0 });
    await e.ensureIndex({
      ...contractSchema,
      synonyms: [
        ["直播", "live streaming"],
        ["品牌", "brand", "branding"],
      ],
    });
    const d = (id: string, title: string) => ({ id, kind: "case", fields: { title, summary: "", body: "" } });
    await e.upsert([
      d("en-live", "Live streaming wigs abroad"),
      d("zh-live", "假发直播出口"),
      d("zh-brand", "家电品牌孵化"),
      d("en-brands", "Brands of small appliances"),
    ]);
    const ids = async (q: string) => (await e.search({ q })).hits.map((h) => h.id);
    // One typo in a word of a two-word term: the typed words first, the other language after.
    expect(await ids("live streeming ")).toEqual(["en-live", "zh-live"]);
    // A one-word term within one typo (brandng → branding).
    expect(await ids("brandng ")).toEqual(["zh-brand"]);
    // A word the index knows is taken as typed, even within a typo of a term (brands ≠ brand).
    expect(await ids("brands ")).toEqual(["en-brands"]);
    await e.close();
  });
  it("sees documents written by another connection", async () => {
    const file = tmpFile();
    const a = new SqliteFtsEngine({ file, cacheMinRows: 0 });
    const b = new SqliteFtsEngine({ file, cacheMinRows: 0 });
    await a.ensureIndex(contractSchema);
    await b.ensureIndex(contractSchema);
    await a.upsert(contractDocs);
    expect((await b.search({ q: "warehouse " })).total).toBe(4);
    await a.upsert([{ id: "doc-10", kind: "case", fields: { title: "Another warehouse", industry: "医药" } }]);
    const r = await b.search({ q: "warehouse ", facets: ["industry"] });
    expect(r.total).toBe(5);
    expect(r.facets.industry!["医药"]).toBe(2);
    await a.delete(["doc-10"]);
    expect((await b.search({ q: "warehouse " })).total).toBe(4);
    await a.close();
    await b.close();
  });

  it("answers related() anew after any write, its own or another connection's (its answers are remembered per index version)", async () => {
    const [a, b] = await twoConnections();
    await a.upsert(contractDocs);
    const related = async (e: SqliteFtsEngine) => (await e.related("doc-1", 3)).map((h) => h.id);
    const first = await related(a);
    expect(first[0]).toBe("doc-2");
    expect(await related(a)).toEqual(first);
    await b.delete(["doc-2"]);
    expect(await related(a)).not.toContain("doc-2");
    await a.upsert([contractDocs[1]!]);
    expect(await related(a)).toEqual(first);
    await a.delete(["doc-2"]);
    expect(await related(a)).not.toContain("doc-2");
    await a.close();
    await b.close();
  });

  it("ranks by scores of the current index after any write, its own or another connection's (bm25 scores are remembered per index version)", async () => {
    const [a, b] = await twoConnections();
    const card = (n: number, title: string, body: string) => ({
      id: `r-${n}`,
      kind: "case",
      // The older document, so that only bm25 (not the newest-first tie-break) can put it first.
      fields: { title, summary: "", topics: [], body, publishedAt: n, helpful: 0 },
    });
    await a.upsert([card(1, "Harbour notes", "pallet"), card(2, "Harbour pallet", "pallet")]);
    const order = async (e: SqliteFtsEngine, q: string) => (await e.search({ q })).hits.map((h) => h.id);
    // Title tier: only r-2's title has the word.
    expect(await order(a, "pallet")).toEqual(["r-2", "r-1"]);
    // Body tier, bm25 inside it: the shorter body with the word more often first.
    expect(await order(a, "harbour")).toEqual(["r-2", "r-1"]);
    expect(await order(a, "harbour")).toEqual(["r-2", "r-1"]);
    // Another connection makes r-1 the better title match: a's scores of the old index must not be used.
    await b.upsert([card(1, "Harbour harbour", "")]);
    expect(await order(a, "harbour")).toEqual(["r-1", "r-2"]);
    // Its own write back again.
    await a.upsert([card(1, "Harbour notes", "pallet"), card(2, "Harbour harbour harbour", "pallet")]);
    expect(await order(a, "harbour")).toEqual(["r-2", "r-1"]);
    await a.close();
    await b.close();
  });

  it("plans a query with the vocabulary of the current index after another connection's write (plans are remembered per version)", async () => {
    const [a, b] = await twoConnections();
    await a.upsert([{ id: "p-1", kind: "case", fields: { title: "Pallet pools", body: "" } }]);
    const ids = async (q: string) => (await a.search({ q })).hits.map((h) => h.id);
    expect(await ids("harbor ")).toEqual([]);
    expect(await ids("harbor ")).toEqual([]);
    // A misspelling finds a word of the index (typo alternatives come from its vocabulary).
    await b.upsert([{ id: "p-2", kind: "case", fields: { title: "Harbour logistics", body: "" } }]);
    expect(await ids("harbor ")).toEqual(["p-2"]);
    await a.close();
    await b.close();
  });

  it("rebuilds when the schema changes", async () => {
    const file = tmpFile();
    const e = new SqliteFtsEngine({ file });
    await e.ensureIndex(contractSchema);
    await e.upsert(contractDocs);
    await e.ensureIndex(contractSchema);
    expect(await e.count()).toBe(contractDocs.length);
    await e.ensureIndex({ ...contractSchema, facets: [...contractSchema.facets, "city"] });
    expect(await e.count()).toBe(0);
    await e.close();
  });

  it("rebuilds an index written with another segmenter (a different jieba dictionary, ADR 078)", async () => {
    const file = tmpFile();
    const e = new SqliteFtsEngine({ file });
    await e.ensureIndex(contractSchema);
    await e.upsert(contractDocs);
    await e.close();
    // The index as a build before ADR 078 wrote it: its schema key names no segmenter.
    const db = new Database(file);
    const key = `search_${contractSchema.name}_meta`;
    const schema = JSON.parse(db.prepare(`SELECT v FROM ${key} WHERE k = 'schema'`).pluck().get() as string);
    expect(schema.segmenter).toBe(SEGMENTER);
    delete schema.segmenter;
    db.prepare(`UPDATE ${key} SET v = ? WHERE k = 'schema'`).run(JSON.stringify(schema));
    db.close();
    const again = new SqliteFtsEngine({ file });
    await again.ensureIndex(contractSchema);
    expect(await again.count()).toBe(0);
    // Written again (search:reindex), it is kept from then on.
    await again.upsert(contractDocs);
    await again.ensureIndex(contractSchema);
    expect(await again.count()).toBe(contractDocs.length);
    await again.close();
  });

  it("cuts snippets from fields that are not displayed", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile() });
    await e.ensureIndex({ ...contractSchema, displayed: ["title"] });
    await e.upsert(contractDocs);
    const hit = (await e.search({ q: "海外仓" })).hits[0]!;
    expect(hit.fields).toEqual({ title: "义乌跨境电商品牌建设" });
    expect(hit.snippets.body).toContain("<mark>海外仓</mark>");
    await e.close();
  });

  it("ranks head fields before a long field that is not last, and facets by kind", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile() });
    await e.ensureIndex({
      name: "wide",
      searchable: ["title", "summary", "body", "author"],
      facets: ["kind"],
      sortables: ["at"],
      snippet: ["body"],
    });
    await e.upsert([
      { id: "a", kind: "case", fields: { title: "x", body: "tariff tariff tariff", author: "y", at: 3 } },
      { id: "b", kind: "comment", fields: { title: "x", summary: "tariff rules", body: "z", author: "y", at: 2 } },
      { id: "c", kind: "case", fields: { title: "tariff", body: "z", author: "y", at: 1 } },
    ]);
    const r = await e.search({ q: "tariff ", facets: ["kind"] });
    expect(r.hits.map((h) => h.id)).toEqual(["c", "b", "a"]);
    expect(r.facets.kind).toEqual({ case: 2, comment: 1 });
    expect((await e.search({ q: "tariff ", filters: { kind: ["comment"] } })).hits.map((h) => h.id)).toEqual(["b"]);
    await e.close();
  });

  it("indexes a bulk load segmented in worker threads exactly as on the calling thread", async () => {
    // 45 copies of the fixtures with fresh ids: above the size that goes to the workers.
    const many = Array.from({ length: 5 }, (_, k) => contractDocs.map((d) => ({ ...d, id: `${d.id}-${k}` }))).flat();
    const threaded = new SqliteFtsEngine({ file: tmpFile(), segmentWorkers: 2 });
    const inline = new SqliteFtsEngine({ file: tmpFile(), segmentWorkers: 0 });
    for (const e of [threaded, inline]) {
      await e.ensureIndex(contractSchema);
      await e.upsert(many);
    }
    for (const q of ["跨境电商", "品牌", "warehouse ", "logistics", "数字化转型 export", "lgoistisc "]) {
      const a = await threaded.search({ q, perPage: 100 });
      const b = await inline.search({ q, perPage: 100 });
      expect(a.total, q).toBeGreaterThan(0);
      expect(
        a.hits.map((h) => h.id),
        q,
      ).toEqual(b.hits.map((h) => h.id));
    }
    await threaded.close();
    await inline.close();
    await closeSegmentPool();
  });

  it("applies writes in call order even when a later one is ready first", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile(), segmentWorkers: 2 });
    await e.ensureIndex(contractSchema);
    const big = Array.from({ length: 40 }, (_, i) => ({
      id: `big-${i}`,
      kind: "case",
      fields: { title: `bulk warehouse ${i}` },
    }));
    // The bulk upsert goes to the workers; the delete after it must still see its rows.
    const writes = [
      e.upsert(big),
      e.delete(["big-0"]),
      e.upsert([{ id: "big-1", kind: "case", fields: { title: "renamed depot" } }]),
    ];
    await Promise.all(writes);
    expect(await e.count()).toBe(39);
    expect((await e.search({ q: "warehouse ", perPage: 100 })).total).toBe(38);
    expect((await e.search({ q: "depot" })).hits.map((h) => h.id)).toEqual(["big-1"]);
    await e.close();
    await closeSegmentPool();
  });

  it("rejects unknown facets and sorts with an engine error", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile() });
    await e.ensureIndex(contractSchema);
    await expect(e.search({ q: "", filters: { colour: ["red"] } })).rejects.toMatchObject({
      name: "SearchEngineError",
    });
    await expect(e.search({ q: "", sort: { field: "title", direction: "asc" } })).rejects.toMatchObject({
      name: "SearchEngineError",
    });
    await e.close();
  });

  // Issue 13 (ADR 030).
  const langSchema = {
    name: "lang",
    searchable: ["title", "titleEn", "summary", "topics", "body"],
    facets: ["province"],
    sortables: ["publishedAt", "helpful"],
    snippet: ["body"],
    language: "lang",
    translationOf: { titleEn: "title" },
    bilingual: ["topics"],
  };
  const doc = (id: string, fields: Record<string, string | number>) => ({
    id,
    kind: "case",
    fields: { titleEn: "", summary: "", topics: "", body: "", publishedAt: 0, helpful: 0, ...fields },
  });

  it("ranks documents in the query's language first at equal match quality, and a translation with its original", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile(), cacheMinRows: 0 });
    await e.ensureIndex(langSchema);
    await e.upsert([
      // Newer, Chinese, its English title a translation.
      doc("zh", { title: "冷链物流专列", titleEn: "Cold chain logistics trains", lang: "zh", publishedAt: 2 }),
      doc("en", { title: "Cold chain logistics for pears", lang: "en", publishedAt: 1 }),
      doc("en-body", { title: "Pears", body: "cold chain logistics", lang: "en", publishedAt: 3 }),
    ]);
    const ids = async (q: string, language?: string | null) =>
      (await e.search({ q, ...(language !== undefined ? { language } : {}) })).hits.map((h) => h.id);
    expect(await ids("cold chain logistics")).toEqual(["en", "zh", "en-body"]);
    // Without a language preference, the title tier is ordered by bm25 / date alone.
    expect((await ids("cold chain logistics", null)).at(-1)).toBe("en-body");
    await e.close();
  });

  it("ranks a topic name matched in the other language after the topic's literal matches", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile(), cacheMinRows: 0 });
    await e.ensureIndex(langSchema);
    await e.upsert([
      doc("en-topic", {
        title: "Testing bikes",
        topics: "标准与认证 Standards and certification",
        lang: "en",
        publishedAt: 9,
      }),
      doc("zh-topic", {
        title: "灯饰检测",
        topics: "标准与认证 Standards and certification",
        lang: "zh",
        publishedAt: 1,
      }),
    ]);
    expect((await e.search({ q: "认证" })).hits.map((h) => h.id)).toEqual(["zh-topic", "en-topic"]);
    await e.close();
  });

  it("relaxes a query whose every word finds too few documents, full matches first, and names the words left out", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile(), cacheMinRows: 0 });
    await e.ensureIndex(langSchema);
    await e.upsert([
      doc("all", { title: "pear cold chain", publishedAt: 1 }),
      doc("two", { title: "cold chain apples", publishedAt: 5 }),
      doc("other", { title: "warehouses", publishedAt: 9 }),
    ]);
    const strict = await e.search({ q: "pear cold chain brazil" });
    expect(strict.total).toBe(0);
    expect(strict.relaxed).toBeUndefined();
    const r = await e.search({ q: "pear cold chain brazil", relaxBelow: 5 });
    expect(r.hits[0]!.id).toBe("all");
    expect(r.hits.map((h) => h.id)).toContain("two");
    expect(r.hits.map((h) => h.id)).not.toContain("other");
    expect(r.relaxed).toEqual({ ignored: ["brazil", "pear"], fullMatches: 0 });
    // Enough full matches: nothing is dropped.
    expect((await e.search({ q: "cold chain", relaxBelow: 2 })).relaxed).toBeUndefined();
    await e.close();
  });

  it("breaks ties of a count sort by relevance, then date, not index order", async () => {
    const e = new SqliteFtsEngine({ file: tmpFile(), cacheMinRows: 0 });
    await e.ensureIndex(langSchema);
    await e.upsert([
      doc("body-new", { title: "Pears", body: "brand", helpful: 1, publishedAt: 9 }),
      doc("title-old", { title: "brand", helpful: 1, publishedAt: 1 }),
      doc("title-new", { title: "brand", helpful: 1, publishedAt: 5 }),
      doc("most", { title: "Apples", body: "brand", helpful: 7, publishedAt: 0 }),
    ]);
    const r = await e.search({ q: "brand", sort: { field: "helpful", direction: "desc" } });
    expect(r.hits.map((h) => h.id)).toEqual(["most", "title-new", "title-old", "body-new"]);
    await e.close();
  });
});
