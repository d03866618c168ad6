// One behaviour contract, run against every engine: the embedded engine always,
// Meilisearch when MEILI_HOST points at a real server.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractDocs, contractSchema } from "./contract.fixtures.ts";
import { MeilisearchEngine } from "./meilisearch.server.ts";
import type { SearchEngine, SearchQuery } from "./port.ts";
import { SqliteFtsEngine } from "./sqlite-fts.server.ts";
import { PostgresSearchEngine } from "./postgres.server.ts";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../../tests/helpers/postgres.ts";

// The PostgreSQL engine runs on a throwaway cluster of its own (Debian's binaries; CI installs them).
const noPostgres = postgresUnavailable();
if (noPostgres && process.env.CI) throw new Error(noPostgres);
let cluster: PostgresCluster | undefined;
beforeAll(async () => {
  if (!noPostgres) cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

const engines: Array<{ name: string; make: () => SearchEngine; skip?: string }> = [
  {
    name: "embedded (SQLite FTS5)",
    make: () =>
      new SqliteFtsEngine({ file: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "search-contract-")), "s.db") }),
  },
  {
    name: "postgres",
    make: () => new PostgresSearchEngine({ url: cluster!.url }),
    skip: noPostgres ?? undefined,
  },
  {
    name: "meilisearch",
    make: () =>
      new MeilisearchEngine({
        host: process.env.MEILI_HOST!,
        apiKey: process.env.MEILI_API_KEY,
        timeoutMs: 5000,
        indexPrefix: `contract_${process.pid}_`,
      }),
    skip: process.env.MEILI_HOST
      ? undefined
      : "MEILI_HOST is not set: no Meilisearch server to run the contract against",
  },
];

for (const e of engines) {
  if (e.skip) console.log(`[search contract] skipping ${e.name}: ${e.skip}`);
  describe.skipIf(!!e.skip)(`search contract: ${e.name}`, () => {
    let engine: SearchEngine;
    const ids = async (q: SearchQuery | string) =>
      (await engine.search(typeof q === "string" ? { q } : q)).hits.map((h) => h.id);

    beforeAll(async () => {
      engine = e.make();
      await engine.ensureIndex(contractSchema);
      await engine.clear();
      await engine.upsert(contractDocs);
    });
    afterAll(async () => {
      await engine.close?.();
    });

    it("counts and reports health", async () => {
      expect(await engine.count()).toBe(contractDocs.length);
      expect((await engine.health()).ok).toBe(true);
    });

    it("ranks title > summary > topics > body", async () => {
      expect(await ids("warehouse ")).toEqual(["doc-1", "doc-2", "doc-3", "doc-4"]);
    });

    it("finds Chinese two-character words and words inside compounds", async () => {
      expect(await ids("品牌")).toContain("doc-5");
      expect(await ids("物流")).toContain("doc-5");
      expect(await ids("电商")).toEqual(expect.arrayContaining(["doc-5", "doc-7"]));
      expect(await ids("跨境电商")).toEqual(expect.arrayContaining(["doc-5", "doc-7"]));
      expect(await ids("数字化")).toEqual(["doc-6"]);
      expect(await ids("转型")).toEqual(expect.arrayContaining(["doc-5", "doc-6"]));
      expect(await ids("外贸转型升级基地")).toEqual(["doc-5"]);
      expect(await ids("认证")).toEqual(["doc-6"]);
    });

    it("handles mixed Chinese and English queries", async () => {
      expect(await ids("跨境电商 export")).toEqual(["doc-7"]);
      expect(await ids("数字化转型 export")).toEqual(["doc-6"]);
    });

    it("finds documents through the schema's synonyms, across languages", async () => {
      expect(await ids("cold chain ")).toEqual(expect.arrayContaining(["doc-8", "doc-10"]));
      expect(await ids("冷链")).toEqual(expect.arrayContaining(["doc-8", "doc-10"]));
      expect(await ids("live streaming ")).toEqual(["doc-10"]);
      expect(await ids("live stream")).toEqual(["doc-10"]);
      // Every other word is still required, in either language.
      expect(await ids("冷链 seafood")).toEqual(["doc-8"]);
      expect(await ids("cold chain 水饺")).toEqual(["doc-10"]);
      // Only whole terms are synonyms: one word of a term does not cross languages.
      expect(await ids("cold ")).toEqual(["doc-8"]);
    });

    it("relaxes a query with an unmatched word when too few documents match every word", async () => {
      expect((await engine.search({ q: "bonded warehouse zebra " })).total).toBe(0);
      const r = await engine.search({ q: "bonded warehouse zebra ", relaxBelow: 5 });
      // The document with both matched words in its title first; the unmatched word is named.
      expect(r.hits[0]?.id).toBe("doc-1");
      expect(r.relaxed?.ignored).toContain("zebra");
      expect(r.relaxed?.fullMatches).toBe(0);
      // Enough documents match every word: nothing is dropped.
      expect((await engine.search({ q: "warehouse ", relaxBelow: 2 })).relaxed).toBeUndefined();
    });

    it("tolerates typos by Meilisearch's rule and not beyond it", async () => {
      expect(await ids("cargp ")).toEqual(["doc-7"]); // 5 letters, one typo
      expect(await ids("carog ")).toEqual(["doc-7"]); // a swap is one typo
      expect(await ids("logsitcs ")).toHaveLength(0); // 8 letters, two typos: too many
      expect(await ids("lgoistisc ")).toContain("doc-8"); // 9 letters, two typos
      expect(await ids("cxrgp ")).toHaveLength(0); // 5 letters, two typos
      expect(await ids("fisk ")).toHaveLength(0); // 4 letters: no typo allowed
      expect(await ids("xargo ")).toHaveLength(0); // first letter counts as two
    });

    it("matches the last word as a prefix while typing", async () => {
      expect(await ids("wareh")).toEqual(expect.arrayContaining(["doc-1", "doc-2", "doc-3", "doc-4"]));
      expect(await ids("bonded wareh")).toEqual(["doc-1", "doc-2"]);
      expect(await ids("跨境电")).toEqual(expect.arrayContaining(["doc-5", "doc-7"]));
    });

    it("filters: OR within a facet, AND across facets", async () => {
      const any = await engine.search({ q: "", filters: { industry: ["纺织服装", "医药"] }, perPage: 50 });
      expect(any.hits.map((h) => h.id).sort()).toEqual(["doc-2", "doc-3", "doc-4", "doc-6"]);
      const both = await engine.search({
        q: "",
        filters: { industry: ["纺织服装", "医药"], province: ["江苏"] },
        perPage: 50,
      });
      expect(both.hits.map((h) => h.id).sort()).toEqual(["doc-3", "doc-4", "doc-6"]);
      expect(both.total).toBe(3);
      const multi = await engine.search({ q: "", filters: { topic: ["services"] }, perPage: 50 });
      expect(multi.hits.map((h) => h.id).sort()).toEqual(["doc-2", "doc-3"]);
    });

    it("counts each facet as if its own selection were cleared", async () => {
      const r = await engine.search({
        q: "",
        filters: { industry: ["纺织服装"], province: ["江苏"] },
        facets: ["industry", "province", "topic"],
      });
      expect(r.total).toBe(2); // doc-3, doc-6
      // industry counted over province=江苏 only (its own selection cleared)
      expect(r.facets.industry).toEqual({ 纺织服装: 2, 医药: 1 });
      // province counted over industry=纺织服装 only
      expect(r.facets.province).toEqual({ 浙江: 1, 江苏: 2 });
      // topic counted over the full selection
      expect(r.facets.topic).toEqual({ services: 1, digitization: 1 });
    });

    it("facet counts follow the query", async () => {
      const r = await engine.search({ q: "warehouse ", facets: ["industry"] });
      expect(r.facets.industry).toEqual({ 机电: 1, 纺织服装: 2, 医药: 1 });
    });

    it("sorts by newest and by most helpful", async () => {
      expect(await ids({ q: "warehouse ", sort: { field: "publishedAt", direction: "desc" } })).toEqual([
        "doc-4",
        "doc-3",
        "doc-2",
        "doc-1",
      ]);
      expect(await ids({ q: "warehouse ", sort: { field: "helpful", direction: "desc" } })).toEqual([
        "doc-2",
        "doc-4",
        "doc-1",
        "doc-3",
      ]);
      expect(await ids({ q: "", sort: { field: "publishedAt", direction: "asc" }, perPage: 3 })).toEqual([
        "doc-1",
        "doc-2",
        "doc-3",
      ]);
    });

    it("paginates without overlap", async () => {
      const all = await engine.search({ q: "", perPage: 100 });
      expect(all.total).toBe(contractDocs.length);
      const seen: string[] = [];
      for (let page = 1; page <= 5; page++) {
        const r = await engine.search({ q: "", page, perPage: 2 });
        expect(r.total).toBe(contractDocs.length);
        expect(r.page).toBe(page);
        seen.push(...r.hits.map((h) => h.id));
      }
      expect(seen).toEqual(all.hits.map((h) => h.id));
    });

    it("highlights from the original text and keeps it escaped", async () => {
      const r = await engine.search({ q: "standards" });
      const hit = r.hits.find((h) => h.id === "doc-9")!;
      expect(hit.highlights.title).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(hit.highlights.title).toContain("<mark>standards</mark>");
      expect(hit.highlights.title).not.toMatch(/<img/);
      expect(hit.highlights.summary).toBe("Testing &amp; certification &lt;b&gt;centre&lt;/b&gt;");
      expect(hit.fields.title).toBe("<img src=x onerror=alert(1)> standards lab");
      const zh = (await engine.search({ q: "电商" })).hits.find((h) => h.id === "doc-5")!;
      expect(zh.highlights.title).toBe("义乌跨境<mark>电商</mark>品牌建设");
      expect(zh.snippets.body).toContain("<mark>电商</mark>");
    });

    it("upsert replaces and delete removes", async () => {
      await engine.upsert([
        { ...contractDocs[0]!, fields: { ...contractDocs[0]!.fields, title: "Bonded depot pilot" } },
      ]);
      expect(await ids("depot")).toEqual(["doc-1"]);
      expect(await ids("bonded ")).toEqual(["doc-1", "doc-2"]);
      expect(await engine.count()).toBe(contractDocs.length);
      await engine.delete(["doc-1"]);
      expect(await ids("depot")).toEqual([]);
      expect(await engine.count()).toBe(contractDocs.length - 1);
      await engine.upsert([contractDocs[0]!]);
      expect(await ids("depot")).toEqual([]);
      expect(await ids("warehouse ")).toEqual(["doc-1", "doc-2", "doc-3", "doc-4"]);
    });

    it("finds related documents, never the document itself", async () => {
      const rel = await engine.related("doc-1", 3);
      expect(rel.map((h) => h.id)).not.toContain("doc-1");
      expect(rel[0]?.id).toBe("doc-2");
      const zh = await engine.related("doc-5", 3);
      expect(zh.map((h) => h.id)).toContain("doc-7");
      expect(await engine.related("missing", 3)).toEqual([]);
    });
  });
}
