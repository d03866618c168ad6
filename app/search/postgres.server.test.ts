// The PostgreSQL engine's own behaviour beyond the shared contract (ADR 055): cached totals
// and facet counts that every node drops when any node writes, the head tsvector that ranking
// reads, and tables written before it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgPool } from "~/utils/pg-adapter.ts";
import { upsertBatches } from "./bulk.ts";
import { contractDocs, contractSchema } from "./contract.fixtures.ts";
import type { SearchDocument, SearchQuery } from "./port.ts";
import { bucketOf, PostgresSearchEngine } from "./postgres.server.ts";
import { segmentChunkInline } from "./segment.ts";
import { lexemeMemo, tsvectorEntries, tsvectorText } from "./tsvector.ts";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../../tests/helpers/postgres.ts";

const noPostgres = postgresUnavailable();
if (noPostgres && process.env.CI) throw new Error(noPostgres);
let cluster: PostgresCluster | undefined;
beforeAll(async () => {
  if (!noPostgres) cluster = await startPostgres("pg_engine");
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

const extra = (n: number): SearchDocument => ({
  id: `extra-${n}`,
  kind: "case",
  fields: { title: `Warehouse extra ${n}`, summary: "", topics: [], body: "", topic: "logistics", publishedAt: n },
});

describe.skipIf(!!noPostgres)("PostgreSQL search engine", () => {
  const query: SearchQuery = { q: "warehouse ", facets: ["topic"] };

  it("caches totals and facet counts until a write on any node changes the index", async () => {
    const url = cluster!.createDatabase("cache");
    const a = new PostgresSearchEngine({ url });
    const b = new PostgresSearchEngine({ url }); // another app node on the same database
    try {
      await a.ensureIndex(contractSchema);
      await b.ensureIndex(contractSchema);
      await a.upsert(contractDocs);
      const first = await a.search(query);
      expect(first.total).toBeGreaterThan(0);

      // A repeat is answered with the page's statement only: no count, no facet query.
      const statements: string[] = [];
      const pool = (a as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool;
      const original = pool.query.bind(pool);
      pool.query = (...args: unknown[]) => {
        statements.push(String(args[0]));
        return original(...args);
      };
      const again = await a.search(query);
      expect(again.total).toBe(first.total);
      expect(again.facets).toEqual(first.facets);
      expect(statements.filter((s) => /unnest\(facet_values\)|count\(\*\)/.test(s))).toEqual([]);

      // Node B writes; node A's next answer counts the new document (its cache is stale).
      await b.upsert([extra(1)]);
      const afterUpsert = await a.search(query);
      expect(afterUpsert.total).toBe(first.total + 1);
      expect(afterUpsert.facets.topic!.logistics).toBe((first.facets.topic!.logistics ?? 0) + 1);
      expect(afterUpsert.hits.map((h) => h.id)).toContain("extra-1");

      await b.delete(["extra-1"]);
      expect((await a.search(query)).total).toBe(first.total);

      await b.clear();
      expect((await a.search(query)).total).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("stores the tsvectors of the text form from binary entries, built in the workers or on this thread (ADR 067)", async () => {
    const url = cluster!.createDatabase("binary");
    const e = new PostgresSearchEngine({ url });
    const admin = createPgPool(url);
    try {
      await e.ensureIndex(contractSchema);
      // One small write (entries built on this thread): every weight, a phrase lexeme, a
      // diacritic, a quote, the bucket and facet lexemes, checked as PostgreSQL prints them.
      const one: SearchDocument = {
        id: "one",
        kind: "case",
        fields: { title: "Cold chain café", summary: "数字化转型", topics: ["l'export"], body: "cold", stage: "pilot" },
      };
      await e.upsert([one]);
      const row = await admin.query<{ tsv: string; head: string }>(
        `SELECT tsv::text AS tsv, head::text AS head FROM search_contract_docs WHERE id = 'one'`,
      );
      // Fields start 100 positions after the previous one ends: title 1–3, summary 104–107, topics 208–209, body 310.
      const head =
        "'cafe':3A 'chain':2A 'cold':1A 'cold chain':1A '数字':104B '转型':105B '数字化':106B '数字化转型':107B 'l':208C 'export':209C";
      expect(row.rows[0]!.head.split(" ").sort()).toEqual(head.split(" ").sort());
      expect(row.rows[0]!.tsv.split(" ").sort()).toEqual(
        [...head.replace("'cold':1A", "'cold':1A,310").split(" "), `'~b${bucketOf("one")}'`, "'~stage=pilot'"].sort(),
      );
      // A bulk batch (entries built in the worker threads, sent as binary): what the text form gives.
      const docs = [...contractDocs, ...Array.from({ length: 40 }, (_, i) => extra(i))];
      await e.upsert(docs);
      const texts = segmentChunkInline(
        docs.map((d) => contractSchema.searchable.map((f) => [d.fields[f] ?? ""].flat().join(" "))),
      ).texts;
      const entries = tsvectorEntries(
        texts,
        {
          inHead: [true, true, true, false],
          phrases: [
            ["cold", [["chain"]]],
            ["live", [["streaming"], ["stream"]]],
          ],
        },
        lexemeMemo(),
      );
      const same = await admin.query<{ n: string }>(
        `SELECT count(*) AS n FROM search_contract_docs d JOIN unnest($1::text[], $2::text[], $3::text[]) AS x(id, head, tsv) USING (id)
         WHERE d.head = x.head::tsvector AND ts_filter(d.tsv, '{a,b,c,d}') = x.tsv::tsvector`,
        [docs.map((d) => d.id), entries.map((x) => tsvectorText(x.head)), entries.map((x) => tsvectorText(x.tsv))],
      );
      expect(Number(same.rows[0]!.n)).toBe(docs.length);
      // Facet values travel as array literals: quotes, backslashes, commas and braces survive.
      const odd = 'He "bei", {x}\\y';
      await e.upsert([{ id: "odd", kind: "case", fields: { title: "odd", province: odd } }]);
      const stored = await admin.query<{ f: string[] }>(
        `SELECT facet_values AS f FROM search_contract_docs WHERE id = 'odd'`,
      );
      expect(stored.rows[0]!.f).toEqual([`province\u001f${odd}`]);
      // The stored fields travel as a binary text[] (ADR 070): JSON, Chinese and quotes intact.
      const fields = await admin.query<{ id: string; fields: unknown }>(
        `SELECT id, fields FROM search_contract_docs WHERE id IN ('one', 'odd') ORDER BY id`,
      );
      expect(fields.rows.map((r) => r.fields)).toEqual([{ title: "odd", province: odd }, one.fields]);
      const found = await e.search({ q: "", filters: { province: [odd] }, facets: ["province"] });
      expect(found.hits.map((h) => h.id)).toEqual(["odd"]);
      // Disjunctive: the selected facet is counted without its own filter, so every province shows.
      expect(found.facets.province![odd]).toBe(1);
    } finally {
      await admin.end();
      await e.close();
    }
  });

  it("ends a bulk load into a non-empty index merged, vacuumed and analyzed, its sessions and options reset (ADR 070)", async () => {
    const url = cluster!.createDatabase("bulk");
    const e = new PostgresSearchEngine({ url });
    const admin = createPgPool(url);
    const rel = (name: string) =>
      admin.query<{ reloptions: string[] | null; reltuples: number }>(
        `SELECT reloptions, reltuples FROM pg_class WHERE relname = $1`,
        [name],
      );
    try {
      await e.ensureIndex(contractSchema);
      await e.upsert(contractDocs);
      const before = (await e.search({ q: "warehouse " })).total;
      const docs = Array.from({ length: 80 }, (_, i) => extra(100 + i));
      // Two batches large enough for the worker threads, each on a session of the load's own.
      await upsertBatches(e, [docs.slice(0, 40), docs.slice(40)]);
      // While loading: autovacuum off, the sessions' own pending-list limit (not the index's option).
      await e.beginBulk();
      await e.upsert([extra(500)]);
      type Session = { query: (t: string) => Promise<{ rows: Array<Record<string, string>> }> };
      const sessions = (e as unknown as { bulkSessions: { all: Session[] } }).bulkSessions.all;
      const during = {
        table: (await rel("search_contract_docs")).rows[0]!.reloptions,
        limits: await Promise.all(
          sessions.map(async (c) => (await c.query("SHOW gin_pending_list_limit")).rows[0]!.gin_pending_list_limit),
        ),
      };
      await e.endBulk();
      expect(during.table).toEqual(["autovacuum_enabled=false"]); // (the TOAST table's own is on its row)
      expect(during.limits).toEqual(["1GB"]);
      expect((await rel("search_contract_docs_tsv")).rows[0]!.reloptions).toBeNull();

      const table = (await rel("search_contract_docs")).rows[0]!;
      expect(table.reloptions).toBeNull();
      // Vacuumed and analyzed by endBulk itself, after each of the two loads. (Not checked by
      // pages marked all-visible: this cluster commits asynchronously, and a row committed less
      // than a WAL flush ago cannot be marked yet.)
      const stats = await admin.query<{ vacuum_count: string; analyze_count: string }>(
        `SELECT vacuum_count, analyze_count FROM pg_stat_user_tables WHERE relname = 'search_contract_docs'`,
      );
      expect(stats.rows[0]).toEqual({ vacuum_count: "2", analyze_count: "2" });
      expect(table.reltuples).toBe(contractDocs.length + docs.length + 1);
      // Nothing left in either pending list, and every session the pool hands out has the default limit.
      const left = await admin.query<{ a: string; b: string }>(
        `SELECT gin_clean_pending_list('search_contract_docs_tsv'::regclass) AS a,
                gin_clean_pending_list('search_contract_docs_facets'::regclass) AS b`,
      );
      expect(left.rows[0]).toEqual({ a: "0", b: "0" }); // (bigint as text)
      const enginePool = (e as unknown as { pool: Session }).pool;
      const limits = await Promise.all([1, 2, 3].map(() => enginePool.query("SHOW gin_pending_list_limit")));
      expect(limits.map((r) => r.rows[0]!.gin_pending_list_limit)).toEqual(["4MB", "4MB", "4MB"]);
      expect((await e.search({ q: "warehouse " })).total).toBe(before + docs.length + 1);

      // A load that never reached endBulk leaves autovacuum off until the next ensureIndex (any node's start).
      await e.beginBulk();
      await e.ensureIndex(contractSchema);
      expect((await rel("search_contract_docs")).rows[0]!.reloptions).toBeNull();
    } finally {
      await admin.end();
      await e.close();
    }
  });

  it("plans a bulk load's writes without their values, into an empty or a non-empty index, and resets its sessions (ADR 083)", async () => {
    const url = cluster!.createDatabase("bulk_plans");
    const e = new PostgresSearchEngine({ url });
    type Session = { query: (t: string) => Promise<{ rows: Array<Record<string, string>> }> };
    const modes = (sessions: Session[]) =>
      Promise.all(sessions.map(async (c) => (await c.query("SHOW plan_cache_mode")).rows[0]!.plan_cache_mode));
    try {
      await e.ensureIndex(contractSchema);
      for (const first of [contractDocs, [extra(600)]]) {
        // The first load finds the index empty (its indexes dropped), the second not.
        await e.beginBulk();
        await e.upsert(first);
        const sessions = (e as unknown as { bulkSessions: { all: Session[] } | null }).bulkSessions?.all ?? [];
        const during = await modes(sessions);
        await e.endBulk();
        expect(during).toEqual(["force_generic_plan"]);
      }
      const enginePool = (e as unknown as { pool: Session }).pool;
      expect(await modes([enginePool, enginePool, enginePool])).toEqual(["auto", "auto", "auto"]);
      expect((await e.search({ q: "warehouse " })).total).toBeGreaterThan(0);
      expect(await e.count()).toBe(contractDocs.length + 1);
    } finally {
      await e.close();
    }
  });

  it("never compiles its statements with JIT, though a scan no index answers is priced above jit_above_cost (ADR 084)", async () => {
    const url = cluster!.createDatabase("no_jit");
    const e = new PostgresSearchEngine({ url });
    const admin = createPgPool(url);
    try {
      await e.ensureIndex(contractSchema);
      await e.upsert(contractDocs);
      // What every browse with filters does: read rows that no index selects (sequential scans
      // are off in the engine's sessions, so the plan costs at least 10^10).
      const statement = `EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM search_contract_docs WHERE kind <> ''`;
      type Plan = { rows: Array<{ "QUERY PLAN": Array<Record<string, unknown>> }> };
      const enginePool = (e as unknown as { pool: { query: (t: string) => Promise<Plan> } }).pool;
      const plan = (await enginePool.query(statement)).rows[0]!["QUERY PLAN"][0]!;
      expect((plan.Plan as { "Total Cost": number })["Total Cost"]).toBeGreaterThan(1e9);
      expect(plan.JIT).toBeUndefined();
      // The server compiles such a plan when JIT is on (where it is installed, as here): what the
      // engine's sessions did before.
      const jitInstalled = (await admin.query<{ ok: boolean }>("SELECT pg_jit_available() AS ok")).rows[0]!.ok;
      const c = await admin.connect();
      try {
        await c.query("SET enable_seqscan = off; SET jit = on");
        const elsewhere = (await c.query<Plan["rows"][0]>(statement)).rows[0]!["QUERY PLAN"][0]!;
        expect(elsewhere.JIT !== undefined).toBe(jitInstalled);
      } finally {
        c.release();
      }
      // Searches still answer.
      expect((await e.search({ q: "", filters: { topic: ["logistics"] } })).total).toBeGreaterThan(0);
    } finally {
      await e.close();
      await admin.end();
    }
  });

  it("merges a bulk load's pending list beside the load every bulkMergeDocs documents (ADR 077)", async () => {
    const pendingAfterLoad = async (bulkMergeDocs: number) => {
      const url = cluster!.createDatabase(`merge${bulkMergeDocs}`);
      const e = new PostgresSearchEngine({ url, bulkMergeDocs });
      const admin = createPgPool(url);
      try {
        await e.ensureIndex(contractSchema);
        await e.upsert(contractDocs);
        await e.beginBulk();
        // Two batches of 40: a merge starts after the first when bulkMergeDocs is 40.
        await e.upsert(Array.from({ length: 40 }, (_, i) => extra(100 + i)));
        await (e as unknown as { bulkMerge: { running: Promise<void> | null } }).bulkMerge.running;
        await e.upsert(Array.from({ length: 40 }, (_, i) => extra(200 + i)));
        await (e as unknown as { bulkMerge: { running: Promise<void> | null } }).bulkMerge.running;
        // Pages still pending before endBulk (gin_clean_pending_list returns the pages it merged).
        const r = await admin.query<{ n: string }>(
          `SELECT gin_clean_pending_list('search_contract_docs_tsv'::regclass) AS n`,
        );
        await e.endBulk();
        expect((await e.search({ q: "warehouse " })).total).toBeGreaterThanOrEqual(80);
        return Number(r.rows[0]!.n);
      } finally {
        await admin.end();
        await e.close();
      }
    };
    // Merged after each batch: nothing of either batch is left. Never merged: both batches are.
    expect(await pendingAfterLoad(40)).toBe(0);
    expect(await pendingAfterLoad(0)).toBeGreaterThan(0);
  });

  it("ends a bulk load whose merge waits for a session of a small pool (ADR 077)", async () => {
    // Two sessions in all, both held by the load's two writes at once until endBulk: the merge
    // started after the first write gets one only when endBulk gives the load's sessions back
    // (waiting for the merge first hung).
    const url = `${cluster!.createDatabase("mergepool")}?connection_limit=2`;
    const e = new PostgresSearchEngine({ url, bulkMergeDocs: 20 });
    try {
      await e.ensureIndex(contractSchema);
      await e.upsert(contractDocs);
      await e.beginBulk();
      // Batches under the worker threads' minimum: built here, so both writes ask for a session at once.
      await Promise.all([1, 2].map((b) => e.upsert(Array.from({ length: 20 }, (_, i) => extra(100 * b + i)))));
      const sessions = (e as unknown as { bulkSessions: { all: unknown[] } }).bulkSessions.all;
      expect(sessions).toHaveLength(2);
      const done = e.endBulk().then(() => "done");
      const timeout = new Promise((resolve) => setTimeout(() => resolve("stuck"), 8_000));
      expect(await Promise.race([done, timeout])).toBe("done");
      expect((await e.search({ q: "warehouse " })).total).toBeGreaterThanOrEqual(40);
    } finally {
      await e.close();
    }
  }, 20_000);

  it("decides partial matching from the search's own visit, counting full matches only when too few (ADR 067)", async () => {
    const url = cluster!.createDatabase("relax");
    const e = new PostgresSearchEngine({ url, countCacheSize: 0 });
    try {
      await e.ensureIndex(contractSchema);
      await e.upsert([...contractDocs, ...Array.from({ length: 30 }, (_, i) => extra(i))]);
      const statements: string[] = [];
      const pool = (e as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool;
      const original = pool.query.bind(pool);
      pool.query = (...args: unknown[]) => {
        statements.push(String(args[0]));
        return original(...args);
      };
      // Two words with 30 full matches: no separate count of them (it read the words' whole posting lists).
      const enough = await e.search({ q: "warehouse extra", relaxBelow: 5 });
      expect(enough.total).toBe(30);
      expect(enough.relaxed).toBeUndefined();
      expect(statements.filter((x) => /AS enough|LIMIT 200\) AS m/.test(x))).toEqual([]);
      // Three full matches of 5 wanted: relaxed as before, the full matches still first.
      const few = await e.search({ q: "warehouse extra 7", relaxBelow: 5 });
      expect(few.relaxed?.ignored).toEqual(["7"]);
      expect(few.relaxed?.fullMatches).toBe(1);
      expect(few.hits[0]!.id).toBe("extra-7");
      expect(few.total).toBeGreaterThanOrEqual(30);
    } finally {
      await e.close();
    }
  });

  it("relaxes without the full search's rows, the estimates it already has, or frequencies no tie at the top needs", async () => {
    const url = cluster!.createDatabase("relaxwaste");
    const e = new PostgresSearchEngine({ url, countCacheSize: 0 });
    try {
      await e.ensureIndex(contractSchema);
      await e.upsert([...contractDocs, ...Array.from({ length: 30 }, (_, i) => extra(i))]);
      const sent: Array<{ text: string; values: unknown[] }> = [];
      const pool = (e as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool;
      const original = pool.query.bind(pool);
      pool.query = (...args: unknown[]) => {
        sent.push({ text: String(args[0]), values: Array.isArray(args[1]) ? args[1] : [] });
        return original(...args);
      };
      // One full match of 5 wanted ("7" narrows to extra-7): partial matching drops "7".
      const r = await e.search({ q: "warehouse extra 7", relaxBelow: 5 });
      expect(r.relaxed).toEqual({ ignored: ["7"], fullMatches: 1 });
      expect(r.hits[0]!.id).toBe("extra-7");
      expect(r.total).toBeGreaterThanOrEqual(30);
      // The full search's page was decided before its rows were read: only the relaxed page's are.
      expect(sent.filter((s) => /^SELECT id, kind, fields FROM/.test(s.text))).toHaveLength(1);
      // Each estimate asked once: the relaxed search keeps two of the full search's words.
      const explains = sent.filter((s) => s.text.startsWith("EXPLAIN")).map((s) => JSON.stringify(s));
      expect(new Set(explains).size).toBe(explains.length);
      // Dropping "warehouse" or "extra" finds 1 each, dropping "7" finds 30: no tie at the top, so
      // no statement counts each word alone (the frequencies that decide a tie): the candidates'
      // counts in the sample, then over every row for the short ones (all, in this small index).
      expect(sent.filter((s) => /LIMIT 200\) AS m/.test(s.text))).toHaveLength(2);
    } finally {
      await e.close();
    }
  });

  it("matches a typed prefix as the index's words that extend it, when few and all known, else as a prefix", async () => {
    const url = cluster!.createDatabase("prefixwords");
    const e = new PostgresSearchEngine({ url, countCacheSize: 0 });
    const admin = createPgPool(url);
    try {
      // "b2b平台" a dictionary word: cut whole, an index word holding Chinese that the typo vocabulary lacks.
      await e.ensureIndex({ ...contractSchema, dictionary: [...contractSchema.dictionary!, "b2b平台"] });
      const mixed: SearchDocument = {
        id: "mixed",
        kind: "case",
        fields: { title: "b2b平台服务", summary: "", topics: [], body: "", publishedAt: 1 },
      };
      const digits = (n: number): SearchDocument => ({
        ...extra(n),
        id: `year-${n}`,
        fields: { ...extra(n).fields, title: "Annual report", body: `${2020 + n}` },
      });
      await e.upsert([...contractDocs, ...Array.from({ length: 30 }, (_, i) => extra(i)), mixed, digits(1), digits(2)]);
      const matched: string[] = [];
      const pool = (e as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool;
      const original = pool.query.bind(pool);
      pool.query = (...args: unknown[]) => {
        if (/^WITH s AS MATERIALIZED/.test(String(args[0]))) matched.push(String((args[1] as unknown[])[0]));
        return original(...args);
      };
      const prefixed = async (tsquery: string) =>
        Number(
          (
            await admin.query<{ n: string }>(
              `SELECT count(*) AS n FROM search_contract_docs WHERE tsv @@ $1::tsquery`,
              [tsquery],
            )
          ).rows[0]!.n,
        );
      // "extr" and "extra": the words that extend them, no partial match (it read every posting list the prefix covers).
      for (const typed of ["extr", "extra"]) {
        matched.length = 0;
        const r = await e.search({ q: `warehouse ${typed}` });
        expect(r.total).toBe(await prefixed(`'warehouse' & '${typed}':*`));
        expect(r.total).toBe(30);
        expect(matched[0]).not.toContain(":*");
        expect(matched[0]).toContain("'extra'");
      }
      // The same rows where a word holding Chinese extends the prefix, and where only a prefix can say (digits).
      matched.length = 0;
      const b2b = await e.search({ q: "b2b" });
      expect(b2b.hits.map((h) => h.id)).toEqual(["mixed"]);
      expect(matched[0]).toContain("'b2b平台'");
      matched.length = 0;
      const years = await e.search({ q: "202" });
      expect(years.total).toBe(await prefixed("'202':*"));
      expect(years.total).toBe(2);
      expect(matched[0]).toContain("'202':*");
    } finally {
      await admin.end();
      await e.close();
    }
  });

  it("counts each of partial matching's queries once, and no frequencies for a tie at the cap", async () => {
    const url = cluster!.createDatabase("relaxonce");
    const e = new PostgresSearchEngine({ url, countCacheSize: 0 });
    try {
      await e.ensureIndex(contractSchema);
      const pair = (words: string, n: number): SearchDocument => ({
        ...extra(n),
        id: `${words.replace(" ", "-")}-${n}`,
        fields: { ...extra(n).fields, title: words, body: "" },
      });
      // Every pair of three words 250 times (never all three), and two words 3 times each, never together.
      await upsertBatches(e, [
        [
          ...["harbour quay", "harbour pier", "quay pier"].flatMap((w) =>
            Array.from({ length: 250 }, (_, i) => pair(w, i)),
          ),
          ...["alpha", "beta"].flatMap((w) => Array.from({ length: 3 }, (_, i) => pair(w, i))),
        ],
      ]);
      const counted: string[] = [];
      const pool = (e as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool;
      const original = pool.query.bind(pool);
      pool.query = (...args: unknown[]) => {
        if (/LIMIT 200\) AS m/.test(String(args[0]))) counted.push(String(args[0]));
        return original(...args);
      };
      // Each candidate keeps two words found together 250 times: a tie at the cap, the first dropped.
      const three = await e.search({ q: "harbour quay pier ", relaxBelow: 5 });
      expect(three.relaxed).toEqual({ ignored: ["harbour"], fullMatches: 0 });
      // The candidates in the sample, then over every row (short in the sample): no frequencies.
      expect(counted).toHaveLength(2);
      counted.length = 0;
      // Each word alone finds 3: a tie below the cap, decided by the words' frequencies, which
      // are the candidates' counts already made.
      const two = await e.search({ q: "alpha beta ", relaxBelow: 5 });
      expect(two.relaxed).toEqual({ ignored: ["alpha"], fullMatches: 0 });
      expect(two.total).toBe(3);
      expect(counted).toHaveLength(2);
    } finally {
      await e.close();
    }
  });

  it("ranks nothing in the words' visit that gives only a selected facet's counts, nor counts that facet in the other", async () => {
    const url = cluster!.createDatabase("countsonly");
    const e = new PostgresSearchEngine({ url, countCacheSize: 0 });
    try {
      await e.ensureIndex(contractSchema);
      await e.upsert([...contractDocs, ...Array.from({ length: 30 }, (_, i) => extra(i))]);
      const visits: Array<{ text: string; values: unknown[] }> = [];
      const pool = (e as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool;
      const original = pool.query.bind(pool);
      pool.query = (...args: unknown[]) => {
        if (/^WITH s AS MATERIALIZED/.test(String(args[0])))
          visits.push({ text: String(args[0]), values: args[1] as unknown[] });
        return original(...args);
      };
      // A filter on a small index: the page, the total and the industry's counts from the
      // matches of word and filter together; the topic's (selected) from the word's matches.
      const r = await e.search({ q: "warehouse ", filters: { topic: ["logistics"] }, facets: ["topic", "industry"] });
      expect(r.hits.length).toBeGreaterThan(0);
      expect(Object.keys(r.facets)).toEqual(["topic", "industry"]);
      expect(r.facets.topic!.logistics).toBe(r.total);
      expect(visits).toHaveLength(2);
      const [words, both] = [...visits].sort((a, b) => a.values.length - b.values.length);
      expect(words!.text).toContain("CASE WHEN FALSE THEN ts_rank");
      expect(words!.text).not.toContain("top AS MATERIALIZED");
      expect(words!.values).toContainEqual(["topic"]);
      expect(both!.text).toContain("top AS MATERIALIZED");
      expect(both!.values).toContainEqual(["industry"]);
    } finally {
      await e.close();
    }
  });

  it("counts partial matching's candidates in a few buckets first, over every row only when short (ADR 067)", async () => {
    const url = cluster!.createDatabase("relaxcounts");
    const e = new PostgresSearchEngine({ url, countCacheSize: 0 });
    try {
      await e.ensureIndex(contractSchema);
      const many = Array.from({ length: 4000 }, (_, i) => ({
        ...extra(i),
        fields: { ...extra(i).fields, body: "harbour" },
      }));
      await upsertBatches(e, [many.slice(0, 2000), many.slice(2000)]);
      const counted: unknown[][] = [];
      const pool = (e as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool;
      const original = pool.query.bind(pool);
      pool.query = (...args: unknown[]) => {
        if (/LIMIT 200\) AS m/.test(String(args[0]))) counted.push(args[1] as unknown[]);
        return original(...args);
      };
      // "zyxwvq" is in no document: partial matching drops it, keeping "harbour" (4,000 matches).
      const r = await e.search({ q: "harbour extra zyxwvq ", relaxBelow: 5 });
      expect(r.relaxed?.ignored).toEqual(["zyxwvq"]);
      // Estimated from a sample (ADR 059): about 4,000.
      expect(r.total).toBeGreaterThan(3000);
      expect(r.total).toBeLessThan(5000);
      // The candidates with a common word reached the cap in the sample: none was counted over every row.
      const whole = counted
        .flat()
        .filter((q) => typeof q === "string" && /harbour/.test(q) && /extra/.test(q) && !q.includes("~b"));
      expect(whole).toEqual([]);
      expect(counted.flat().some((q) => typeof q === "string" && q.includes("~b0"))).toBe(true);
    } finally {
      await e.close();
    }
  });

  it("keeps no counts when the cache is off", async () => {
    const url = cluster!.createDatabase("nocache");
    const e = new PostgresSearchEngine({ url, countCacheSize: 0 });
    try {
      await e.ensureIndex(contractSchema);
      await e.upsert(contractDocs);
      const first = await e.search(query);
      // Written behind the engine's back (no version change): only a recount sees it.
      const admin = createPgPool(url);
      await admin.query(`DELETE FROM search_${contractSchema.name.toLowerCase()}_docs WHERE id = 'doc-1'`);
      await admin.end();
      expect((await e.search(query)).total).toBe(first.total - 1);
    } finally {
      await e.close();
    }
  });

  /** An index of the contract's documents in a database of its own, and a pool to age it with. */
  async function writtenIndex(
    name: string,
    body: (a: {
      url: string;
      admin: ReturnType<typeof createPgPool>;
      p: string;
      e: PostgresSearchEngine;
    }) => Promise<void>,
  ) {
    const url = cluster!.createDatabase(name);
    const admin = createPgPool(url);
    const e = new PostgresSearchEngine({ url });
    try {
      await e.ensureIndex(contractSchema);
      await e.upsert(contractDocs);
      await body({ url, admin, p: `search_${contractSchema.name.toLowerCase()}_`, e });
    } finally {
      await admin.end();
      await e.close();
    }
  }

  it("ranks and sorts rows written before the head and sorts columns (an older table)", async () => {
    await writtenIndex("older", async ({ url, admin, p }) => {
      // As an index written by the engine before ADR 055: no head, no sorts.
      await admin.query(`ALTER TABLE ${p}docs DROP COLUMN head, DROP COLUMN sorts`);
      const older = new PostgresSearchEngine({ url });
      await older.ensureIndex(contractSchema); // adds the columns back, empty
      const ids = async (q: SearchQuery) => (await older.search(q)).hits.map((h) => h.id);
      expect(await ids({ q: "warehouse " })).toEqual(["doc-1", "doc-2", "doc-3", "doc-4"]);
      const newest = await ids({ q: "", sort: { field: "publishedAt", direction: "desc" }, perPage: 100 });
      const expected = [...contractDocs]
        .sort((x, y) => Number(y.fields.publishedAt ?? -Infinity) - Number(x.fields.publishedAt ?? -Infinity))
        .map((d) => d.id);
      expect(newest[0]).toBe(expected[0]);
      await older.close();
    });
  });

  it("asks for a reindex while the rows were cut with another segmenter (ADR 078)", async () => {
    await writtenIndex("segmenter", async ({ url, admin, p, e }) => {
      expect((await e.health()).detail).toBeUndefined();
      // As an index written before ADR 078 (jieba's whole dictionary): no segmenter recorded.
      await admin.query(`DELETE FROM ${p}meta WHERE key = 'segmenter'`);
      const older = new PostgresSearchEngine({ url });
      await older.ensureIndex(contractSchema);
      expect((await older.health()).detail).toMatch(/search:reindex/);
      expect((await older.search({ q: "warehouse " })).hits.length).toBeGreaterThan(0);
      await older.clear(); // what search:reindex does first
      expect((await older.health()).detail).toBeUndefined();
      await older.close();
    });
  });

  it("matches a synonym phrase as one lexeme, and by phrase on rows written under other synonyms", async () => {
    const url = cluster!.createDatabase("phrases");
    const admin = createPgPool(url);
    const p = `search_${contractSchema.name.toLowerCase()}_`;
    try {
      // Written without the synonyms: no "cold chain" lexeme in any row.
      const before = new PostgresSearchEngine({ url });
      await before.ensureIndex({ ...contractSchema, synonyms: [] });
      await before.upsert(contractDocs);
      await before.close();
      const lexeme = `SELECT count(*)::int AS n FROM ${p}docs WHERE tsv @@ $1::tsquery`;
      const phraseRows = async () => (await admin.query<{ n: number }>(lexeme, ["'cold chain'"])).rows[0]!.n;
      expect(await phraseRows()).toBe(0);
      // The synonyms arrive with rows already written: doc-8 ("Cold chain logistics") is found
      // through the phrase operator.
      const e = new PostgresSearchEngine({ url });
      await e.ensureIndex(contractSchema);
      const ids = async (q: string) => (await e.search({ q })).hits.map((h) => h.id);
      expect(await ids("冷链")).toEqual(expect.arrayContaining(["doc-8", "doc-10"]));
      // A reindex writes the phrase as one lexeme, which the queries then use.
      await e.clear();
      await e.upsert(contractDocs);
      expect(await phraseRows()).toBe(1);
      expect(await ids("冷链")).toEqual(expect.arrayContaining(["doc-8", "doc-10"]));
      await e.close();
    } finally {
      await admin.end();
    }
  });
  it("ranks the best candidates on every field, and pages past them without overlap", async () => {
    const url = cluster!.createDatabase("candidates");
    const e = new PostgresSearchEngine({ url });
    try {
      await e.ensureIndex(contractSchema);
      const doc = (n: number, body: string): SearchDocument => ({
        id: `c-${String(n).padStart(3, "0")}`,
        kind: "case",
        fields: { title: `Orchard ${n}`, summary: "", topics: [], body, publishedAt: n },
      });
      // Body-only matches: the head rank ties them; the second stage orders them by the body.
      await e.upsert([doc(1, "honey"), doc(2, "honey honey honey and more honey")]);
      expect((await e.search({ q: "honey " })).hits.map((h) => h.id)).toEqual(["c-002", "c-001"]);

      // More matches than the candidates (200), pages of 30 straddling the boundary.
      await e.clear();
      await e.upsert(Array.from({ length: 230 }, (_, i) => doc(i, i % 7 ? "orchard honey" : "honey")));
      const seen: string[] = [];
      for (let page = 1; page <= 8; page++) {
        const r = await e.search({ q: "honey ", page, perPage: 30 });
        expect(r.total).toBe(230);
        seen.push(...r.hits.map((h) => h.id));
      }
      expect(seen).toHaveLength(230);
      expect(new Set(seen).size).toBe(230);
    } finally {
      await e.close();
    }
  });

  it("narrows a sorted page's index scan by facet lexemes when the filters keep far fewer rows than the words", async () => {
    const url = cluster!.createDatabase("sortedfacets");
    // A sample of about 20 matches: 2,000 documents of one word are a large, sampled match set.
    const e = new PostgresSearchEngine({ url, sampleSize: 20, countCacheSize: 0 });
    try {
      await e.ensureIndex(contractSchema);
      const docs: SearchDocument[] = Array.from({ length: 2000 }, (_, i) => ({
        id: `f-${String(i).padStart(4, "0")}`,
        kind: "case",
        fields: {
          title: `Harbour ${i}`,
          summary: "",
          topics: [],
          body: "",
          topic: i % 2 ? "logistics" : "talent",
          province: i % 10 === 0 ? "海南" : "浙江",
          publishedAt: i,
        },
      }));
      await upsertBatches(e, [docs.slice(0, 1000), docs.slice(1000)]);
      const pages: unknown[][] = [];
      const pool = (e as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool;
      const original = pool.query.bind(pool);
      pool.query = (...args: unknown[]) => {
        if (/^SELECT id FROM \S+ WHERE .* ORDER BY/s.test(String(args[0]))) pages.push(args[1] as unknown[]);
        return original(...args);
      };
      const sort = { field: "publishedAt", direction: "desc" } as const;
      // One in ten rows passes: the page's scan keeps only the rows with the facet lexeme.
      const rare = await e.search({ q: "harbour ", filters: { province: ["海南"] }, sort, perPage: 5 });
      expect(rare.hits.map((h) => h.id)).toEqual(["f-1990", "f-1980", "f-1970", "f-1960", "f-1950"]);
      expect(pages).toHaveLength(1);
      expect(pages[0]!.some((v) => typeof v === "string" && v.includes("~province=海南"))).toBe(true);
      // Half the rows pass: the page reads the words' matches and tests each row's facets.
      pages.length = 0;
      const half = await e.search({ q: "harbour ", filters: { topic: ["logistics"] }, sort, perPage: 5 });
      expect(half.hits.map((h) => h.id)).toEqual(["f-1999", "f-1997", "f-1995", "f-1993", "f-1991"]);
      expect(pages).toHaveLength(1);
      expect(pages[0]!.some((v) => typeof v === "string" && v.includes("~topic="))).toBe(false);
    } finally {
      await e.close();
    }
  });

  it("reads a sampled sorted page above the sample's k-th sort key, unbounded when too few rows are above it", async () => {
    const url = cluster!.createDatabase("sortedbound");
    // A sample of about 20 matches: 2,000 documents of one word are a large, sampled match set.
    const e = new PostgresSearchEngine({ url, sampleSize: 20, countCacheSize: 0 });
    try {
      await e.ensureIndex(contractSchema);
      const doc = (word: string, i: number, publishedAt: number): SearchDocument => ({
        id: `${word}-${String(i).padStart(4, "0")}`,
        kind: "case",
        fields: { title: `${word} ${i}`, summary: "", topics: [], body: "", topic: "logistics", publishedAt },
      });
      const harbour = Array.from({ length: 2000 }, (_, i) => doc("harbour", i, i));
      // The sampled bucket's rows are the newest of "quay": the sample's 4th newest is the 4th of all.
      const quay = Array.from({ length: 2000 }, (_, i) =>
        doc("quay", i, bucketOf(`quay-${String(i).padStart(4, "0")}`) === 0 ? 10_000 + i : i),
      );
      await upsertBatches(e, [harbour, quay]);
      const pages: Array<{ text: string; values: unknown[] }> = [];
      const pool = (e as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool;
      const original = pool.query.bind(pool);
      pool.query = (...args: unknown[]) => {
        if (/^SELECT id FROM \S+ WHERE .* ORDER BY/s.test(String(args[0])))
          pages.push({ text: String(args[0]), values: args[1] as unknown[] });
        return original(...args);
      };
      const sort = { field: "publishedAt", direction: "desc" } as const;
      // Bounded by the sample: one read, only rows at or above the bound, the same page.
      const newest = await e.search({ q: "harbour ", sort, perPage: 5 });
      expect(newest.hits.map((h) => h.id)).toEqual([
        "harbour-1999",
        "harbour-1998",
        "harbour-1997",
        "harbour-1996",
        "harbour-1995",
      ]);
      expect(pages).toHaveLength(1);
      expect(pages[0]!.text).toMatch(/>= \$\d+::float8/);
      // Oldest first: the bound is an upper one.
      pages.length = 0;
      const oldest = await e.search({ q: "harbour ", sort: { ...sort, direction: "asc" }, perPage: 5 });
      expect(oldest.hits.map((h) => h.id)).toEqual([
        "harbour-0000",
        "harbour-0001",
        "harbour-0002",
        "harbour-0003",
        "harbour-0004",
      ]);
      expect(pages).toHaveLength(1);
      expect(pages[0]!.text).toMatch(/<= \$\d+::float8/);
      // Only the sampled rows lie above the bound (fewer than a page): read again without it.
      pages.length = 0;
      const expected = quay
        .filter((d) => (d.fields.publishedAt as number) >= 10_000)
        .sort((a, b) => (b.fields.publishedAt as number) - (a.fields.publishedAt as number))
        .slice(0, 5)
        .map((d) => d.id);
      const skewed = await e.search({ q: "quay ", sort, perPage: 5 });
      expect(skewed.hits.map((h) => h.id)).toEqual(expected);
      expect(pages.map((p) => /\$\d+::float8/.test(p.text))).toEqual([true, false]);
    } finally {
      await e.close();
    }
  });

  it("estimates the total and facet counts of a large match set from a sample, and says so (ADR 059)", async () => {
    const url = cluster!.createDatabase("sample");
    // A sample of about 20 matches (the default is 2,000): 400 documents are a large match set.
    const e = new PostgresSearchEngine({ url, sampleSize: 20 });
    const admin = createPgPool(url);
    try {
      await e.ensureIndex(contractSchema);
      const docs: SearchDocument[] = Array.from({ length: 400 }, (_, i) => ({
        id: `s-${String(i).padStart(3, "0")}`,
        kind: "case",
        fields: {
          title: `Harbour ${i}`,
          summary: i % 40 === 0 ? "lighthouse" : "",
          topics: [],
          body: "",
          topic: i % 2 ? "logistics" : "talent",
          province: i === 7 ? "海南" : "浙江",
          publishedAt: i,
        },
      }));
      // A bulk load into an empty index builds its indexes at the end: they exist afterwards.
      await upsertBatches(e, [docs.slice(0, 200), docs.slice(200)]);
      const indexes = await admin.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'search_contract_docs'`);
      expect(indexes.rows.map((r: { indexname: string }) => r.indexname)).toContain("search_contract_docs_tsv");

      const many = await e.search({ q: "harbour ", facets: ["topic"] });
      expect(many).toMatchObject({ totalExact: false, facetsExact: false });
      expect(many.total).toBeGreaterThan(200);
      expect(many.total).toBeLessThan(800);
      expect(many.facets.topic!.talent).toBeGreaterThan(50);
      expect(many.hits).toHaveLength(20);

      // A few matches are counted exactly.
      const few = await e.search({ q: "lighthouse ", facets: ["topic"] });
      expect(few).toMatchObject({ total: 10, totalExact: true, facetsExact: true, facets: { topic: { talent: 10 } } });

      // Newest first is the newest of every match, not of the sample.
      const newest = await e.search({ q: "harbour ", sort: { field: "publishedAt", direction: "desc" }, perPage: 5 });
      expect(newest.hits.map((h) => h.id)).toEqual(["s-399", "s-398", "s-397", "s-396", "s-395"]);

      // A filter value no sampled match has is found through its facet lexeme: the page is not empty.
      const rare = await e.search({ q: "harbour ", filters: { province: ["海南"] }, facets: ["province"] });
      expect(rare.hits.map((h) => h.id)).toEqual(["s-007"]);
      expect(rare).toMatchObject({ total: 1, totalExact: true });
    } finally {
      await admin.end();
      await e.close();
    }
  });
});
