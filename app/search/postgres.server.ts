// The PostgreSQL search engine (issue 14 point 2, ADR 042): a shared index for several
// app nodes without another service. Text is segmented in the app exactly as for the
// embedded engine (segment.ts: same tokens, so Chinese needs no database extension)
// and stored as a `tsvector` literal with positions and weights (the schema's
// searchable fields in order: A, B, C, then D), under a GIN index. Queries are built
// as `tsquery`: every query word required, a word's typo variants (typo.ts, the same
// rule as the other engines, from a vocabulary table every node reads) and the
// schema's synonyms as alternatives, the last word also as a prefix while typing.
// Facets are text[] "facet<US>value" entries under a GIN index, counted disjunctively.
// Highlights and snippets are cut from the original text (highlight.ts).
//
// Tables per index (prefix search_<name>_): docs, terms (Latin vocabulary for typos),
// meta (the vocabulary's version, so nodes reload it only when it changed).
import { createHash } from "node:crypto";
import type pg from "pg";
import { createPgPool } from "~/utils/pg-adapter.ts";
import { highlight, snippet, type HighlightTerms } from "./highlight.ts";
import type {
  EngineHealth,
  FieldValue,
  IndexSchema,
  SearchDocument,
  SearchEngine,
  SearchHit,
  SearchQuery,
  SearchResult,
} from "./port.ts";
import { SearchEngineError, SearchUnavailableError } from "./port.ts";
import {
  addTerms,
  cutForIndex,
  cutHan,
  dictionaryTerms,
  fold,
  HAN,
  mixedWords,
  segmentChunkInline,
  MIN_WORD_FREQUENCY,
  segmentQuery,
  stripDiacritics,
} from "./segment.ts";
import { defaultSegmentWorkers, segmentPool } from "./segment-pool.server.ts";
import { documentEntries, lexemeMemo, type TsvectorEntry, type TsvectorOptions } from "./tsvector.ts";
import { Vocabulary } from "./typo.ts";

const SEP = "\u001f"; // between a facet's name and its value in facet_values
// ts_rank weights are given {D, C, B, A}: a title match outweighs many body matches.
const RANK_WEIGHTS = "{0.01, 0.05, 0.3, 1.0}";
const NON_WORD = /[^\p{L}\p{N}]+/u;
// Bulk batches are segmented in worker threads in chunks, as the embedded engine does (sqlite-fts.server.ts).
const POOL_MIN_DOCS = 32;
const POOL_CHUNK = 50;
/**
 * Matches ranked on the head tsvector, the best of which are ranked again on every field
 * (ADR 055): each of those decompresses one tsvector, so this bounds that work per query.
 */
const CANDIDATES = 200;
/**
 * Matches visited per query (ADR 059): up to this many the total, the facet counts and the
 * ranking are exact; a query expected to match more visits a sample of about this many.
 */
const SAMPLE = 2000;
/** Rows fall in 64 buckets by a hash of their id (a btree index): a sample is the first `b` buckets. */
const BUCKETS = 64;

/**
 * A document's bucket (0–63, a hash of its id), written into its tsvector as the lexeme `~bN`:
 * no token of the segmenter contains "~", so no query word ever names one. A sample of a large
 * match set is `… & ('~b0' | … | '~bK')` in the same GIN scan, which then skips through the
 * posting lists instead of reading them whole (ADR 059).
 */
export function bucketOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) & (BUCKETS - 1);
}

/** The tsquery of the first `buckets` buckets. */
function bucketQuery(buckets: number): string {
  return Array.from({ length: buckets }, (_, i) => `'~b${i}'`).join(" | ");
}
/** Fewer sampled matches than this expected to pass the filters: the filters join the GIN scan. */
const MIN_PASSED = 200;
/** Partial matching counts matches up to this many (which candidate finds the most). */
const RELAX_CAP = 200;
/**
 * A sorted page narrows its index scan by the filters' facet lexemes when the filters keep fewer
 * than 1 in this many of the words' matches (a common word and two filters: about 1 in 30).
 */
const SELECTIVE_FILTERS = 8;
/**
 * A sorted page of a sampled match set is first read above the sort key of the sample's k-th
 * passing row, k about this many times the page's rows at the sample's share (ADR 059 amendment,
 * pg-search12): the whole match set holds about that many times the page above it.
 */
const PAGE_BOUND_MARGIN = 3;
/** Sample rows above the bound at least (one or two are too few to say where the page ends). */
const PAGE_BOUND_MIN = 4;
/** A typed prefix with at most this many longer words in the index is matched as those words (prefixWords). */
const PREFIX_WORDS = 8;
/** Buckets partial matching counts in first (1/16 of the rows): a common word has RELAX_CAP matches there. */
const RELAX_BUCKETS = 4;
/** What rows written by this version hold besides words: bucket and facet lexemes (meta 'buckets'). */
const LEXEMES_VERSION = 2;
/** A bulk load's GIN pending list (kB): merged once at its end. */
const BULK_PENDING_KB = 1_048_576;
const BULK_BUILD_MEMORY = "256MB";
/**
 * During a bulk load into a non-empty index, the text index's pending list is merged by a session
 * of its own after about this many documents, beside the load (ADR 077): the merge of the whole
 * list at the end ran alone for ~4 s at 90,000 cases while the app and the other cores idled.
 */
const BULK_MERGE_DOCS = 5_000;

/** The sort key of a sortable as its btree index is built (a name checked by ensureIndex). */
function sortExpr(field: string): string {
  return `((sorts->>'${field}')::float8)`;
}

interface CountsEntry {
  version: number;
  total: number;
  totalExact: boolean;
  facets: Map<string, Record<string, number>>;
  facetsExact: boolean;
  /** The buckets visited (BUCKETS: every match). */
  buckets: number;
  /** The page was found with the filters in the GIN scan, in `filteredBuckets`. */
  byFilters: boolean;
  filteredBuckets: number;
}

/** A facet value as a lexeme of the tsvector (ADR 059): "~" keeps it apart from every word. */
function facetLexeme(facet: string, value: string): string {
  return `~${facet}=${value}`;
}

/** An estimate to three significant digits: "about 24,400", not a count that looks exact. */
function roughly(n: number): number {
  if (n < 1000) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 2);
  return Math.round(n / unit) * unit;
}

type Row = Record<string, unknown>;

function textOf(v: FieldValue): string {
  if (v == null) return "";
  return Array.isArray(v) ? v.join(" ") : String(v);
}

/**
 * Each distinct token's lexeme and whether it is a Latin word for the typo vocabulary, computed
 * once: texts repeat their words, and the Unicode tests and normalization per occurrence were
 * most of the main thread's indexing time (ADR 059). Bounded: cleared when it grows large.
 */
const lexemes = new Map<string, { lexeme: string; latin: boolean }>();
function lexemeOf(token: string): { lexeme: string; latin: boolean } {
  let known = lexemes.get(token);
  if (!known) {
    const han = HAN.test(token);
    const lexeme = han ? token : stripDiacritics(token);
    known = { lexeme, latin: !han && lexeme.length >= 2 && !/^\p{N}+$/u.test(lexeme) };
    if (lexemes.size >= 200_000) lexemes.clear();
    lexemes.set(token, known);
  }
  return known;
}

/** Index tokens of a field's text: segmented as the embedded engine does, then split into lexemes. */
function tokensOf(segmented: string): string[] {
  return segmented
    .split(NON_WORD)
    .filter(Boolean)
    .map((t) => lexemeOf(t).lexeme);
}

/** This thread's lexeme memo for index entries built here (small batches, or a worker that failed). */
const entryMemo = lexemeMemo();

/**
 * Documents' index entries: fields segmented as the embedded engine does, then their tsvector
 * literals — both in the segmentation worker threads when the batch is large (ADR 067).
 */
async function entriesOf(raw: string[][], opts: TsvectorOptions, extras: string[][]): Promise<TsvectorEntry[]> {
  const here = (docs: string[][], extra: string[][]) =>
    documentEntries(cutForIndex, fold, docs, opts, entryMemo, extra);
  if (raw.length < POOL_MIN_DOCS) return here(raw, extras);
  const pool = segmentPool(defaultSegmentWorkers(), dictionaryTerms());
  const parts = await Promise.all(
    Array.from({ length: Math.ceil(raw.length / POOL_CHUNK) }, (_, k) => {
      const chunk = raw.slice(k * POOL_CHUNK, (k + 1) * POOL_CHUNK);
      const extra = extras.slice(k * POOL_CHUNK, (k + 1) * POOL_CHUNK);
      // A worker that cannot start or dies costs speed, never correctness.
      return pool.runTsvector(chunk, opts, extra).catch(() => here(chunk, extra));
    }),
  );
  return parts.flat();
}

/** tsvector's and text's type oids (built in, fixed): element types of binary array parameters. */
const TSVECTOR_OID = 3614;
const TEXT_OID = 25;

/**
 * A one-dimensional array in PostgreSQL's binary array format (a Buffer parameter is sent as
 * binary by node-postgres): dimensions, null flag, element type, then each element's length
 * and binary form. `sizes[i]` is element i's length; `put` writes it at an offset.
 */
function binaryArray(oid: number, sizes: number[], put: (out: Buffer, i: number, at: number) => void): Buffer {
  const out = Buffer.allocUnsafe(20 + sizes.reduce((n, b) => n + 4 + b, 0));
  out.writeInt32BE(1, 0);
  out.writeInt32BE(0, 4);
  out.writeInt32BE(oid, 8);
  out.writeInt32BE(sizes.length, 12);
  out.writeInt32BE(1, 16);
  let at = 20;
  sizes.forEach((size, i) => {
    out.writeInt32BE(size, at);
    put(out, i, at + 4);
    at += 4 + size;
  });
  return out;
}

/** A tsvector[] of binary tsvectors (tsvector.ts). */
function tsvectorArray(items: Uint8Array[]): Buffer {
  return binaryArray(
    TSVECTOR_OID,
    items.map((b) => b.length),
    (out, i, at) => out.set(items[i]!, at),
  );
}

/**
 * A text[] in binary (ADR 070): the server copies each element instead of parsing an array
 * literal character by character (array_in was a tenth of its bulk-load time, for the stored
 * fields' JSON above all), and nothing is escaped here.
 */
function textArray(items: string[]): Buffer {
  return binaryArray(
    TEXT_OID,
    items.map((t) => Buffer.byteLength(t)),
    (out, i, at) => out.write(items[i]!, at),
  );
}

/** pg-pool's hook run on each new session before it is handed out (pg-pool 3.14 here; not in @types/pg). */
interface PoolHooks {
  onConnect?: (client: pg.PoolClient) => Promise<unknown>;
}

/** A failed statement's error: connection failures (no server, refused, shutting down) are outages; the rest are bugs or bad settings. */
function failureOf(e: unknown): SearchUnavailableError | SearchEngineError {
  const code = (e as { code?: string }).code;
  if (!code || /^(08|57P)/.test(code) || (e as NodeJS.ErrnoException).code === "ECONNREFUSED")
    return new SearchUnavailableError(`PostgreSQL search: ${(e as Error).message}`, { cause: e });
  return new SearchEngineError(`PostgreSQL search: ${(e as Error).message}`, code);
}

/** Partial matching's outcome (PostgresSearchEngine.relax). */
type Relaxed = {
  /** The kept words as planned (the planner's estimates), and as matched (QueryPlan.match). */
  tsquery: string;
  match: string;
  units: string[];
  ignored: string[];
  fullMatches: number;
  fullIds: string[];
};

/** A lexeme quoted for a tsquery. */
function q(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

interface QueryPlan {
  /** The whole query as tsquery text ("" when it has no words): ranked on, and the planner's estimates asked of. */
  tsquery: string;
  /**
   * The same matches, as the GIN index is asked for them: a typed prefix the index holds no
   * other word for is its words (PostgresSearchEngine.prefixWords).
   */
  match: string;
  /** What was typed, any word matching (ranks literal matches above synonyms and typos). */
  literal: string;
  terms: HighlightTerms;
  /** The ANDed parts of `tsquery`, with what was typed for each (named when partial matching drops it). */
  units: Array<{ tsquery: string; match: string; text: string }>;
}

export class PostgresSearchEngine implements SearchEngine {
  readonly name = "postgres";
  private pool: pg.Pool;
  private schema: IndexSchema | undefined;
  private p = "";
  private vocabulary = new Vocabulary();
  private vocabularyVersion = -1;
  private synonyms: string[][] = [];
  /** Per searchable field: is it in the head tsvector (not a snippet field, i.e. not long text)? */
  private inHead: boolean[] = [];
  /** Multi-word synonyms by first word -> the words after it, indexed as one lexeme each. */
  private phrases = new Map<string, string[][]>();
  /** Every row has its phrase lexemes (written by this version): queries can use them. */
  private phraseLexemes = false;
  private phrasesTag = 0;
  /** Every row has its bucket lexeme (written by this version): large match sets can be sampled. */
  private sampling = false;
  /** False while the index holds rows cut with another segmenter (ADR 078) than this process's. */
  private segmenterCurrent = true;
  /** The current bulk load dropped the indexes (built again at its end). */
  private bulkRebuild = false;
  /** The sessions of a bulk load (idle ones, every one): see beginBulk and onBulkSession. */
  private bulkSessions: { idle: pg.PoolClient[]; all: pg.PoolClient[] } | null = null;
  /** The pending-list merge running beside the current bulk load, and the documents written since it started (ADR 077). */
  private bulkMerge: { running: Promise<void> | null; since: number; client: pg.PoolClient | null } | null = null;
  private readonly bulkMergeDocs: number;
  /** Totals and facet counts per (match, filters, facets), valid while the index's version is unchanged (ADR 055). */
  private counts = new Map<string, { version: number; total: number; facets: Map<string, Record<string, number>> }>();
  /** Entries kept (most recently used): a few KiB each with a facet of hundreds of values (bases). */
  private readonly countCacheSize: number;
  private readonly sampleSize: number;

  constructor(opts: {
    url: string;
    pool?: pg.Pool;
    countCacheSize?: number;
    sampleSize?: number;
    /** Documents of a bulk load between merges of the pending list (ADR 077); 0: merged at the end only. */
    bulkMergeDocs?: number;
  }) {
    this.pool = opts.pool ?? createPgPool(opts.url);
    this.bulkMergeDocs = opts.bulkMergeDocs ?? BULK_MERGE_DOCS;
    this.countCacheSize = opts.countCacheSize ?? 200;
    this.sampleSize = opts.sampleSize ?? SAMPLE;
    // A tsvector read from the table is decompressed (and mostly fetched from TOAST) per row;
    // the planner prices that as cheap and seq-scans common words, evaluating `tsv @@` on every
    // row (1 s at 100,000 cases). The GIN index answers the same without reading a tsvector, so
    // this engine's own sessions never choose a sequential scan where an index can answer.
    // Set as a connection option (pg.Pool hands its options to every client it opens).
    if (!opts.pool) {
      const options = (this.pool as unknown as { options: pg.PoolConfig & PoolHooks }).options;
      options.options = "-c enable_seqscan=off";
      // Without JIT (ADR 084): a scan that no index can answer still costs at least the planner's
      // disable cost (10^10) with sequential scans off, far above jit_above_cost, so such a
      // statement (a browse with filters on a small index) was compiled by LLVM each time it ran:
      // 150–400 ms of a statement that runs in 6–11 ms without. Set on each new session before
      // the pool hands it out (pg-pool's onConnect), not as a connection option: a
      // PostgreSQL-compatible server without the setting would refuse the connection.
      options.onConnect = (client) =>
        client.query("SET jit = off").then(
          () => undefined,
          () => undefined,
        );
    }
  }

  private async sql<T extends Row = Row>(text: string, values: unknown[] = []): Promise<pg.QueryResult<T>> {
    try {
      return await this.pool.query<T>(text, values);
    } catch (e) {
      throw failureOf(e);
    }
  }

  private requireSchema(): IndexSchema {
    if (!this.schema) throw new SearchEngineError("ensureIndex must be called before use");
    return this.schema;
  }

  async ensureIndex(schema: IndexSchema): Promise<void> {
    if (!/^[a-z0-9_]+$/i.test(schema.name)) throw new SearchEngineError(`bad index name ${schema.name}`);
    for (const f of schema.sortables)
      if (!/^[a-z0-9_]+$/i.test(f)) throw new SearchEngineError(`bad sortable name ${f}`);
    this.schema = schema;
    this.p = `search_${schema.name.toLowerCase()}_`;
    this.synonyms = (schema.synonyms ?? []).map((g) => g.map((t) => fold(t).trim()).filter(Boolean));
    // Chinese synonyms and domain terms stay whole words, as in the embedded engine.
    addTerms([...(schema.dictionary ?? []), ...this.synonyms.flat().filter((t) => HAN.test(t))]);
    const p = this.p;
    await this.sql(`
      CREATE TABLE IF NOT EXISTS ${p}docs (
        id text PRIMARY KEY,
        kind text NOT NULL,
        fields jsonb NOT NULL,
        tsv tsvector NOT NULL,
        facet_values text[] NOT NULL DEFAULT '{}'
      );
      -- ADR 055: ranking reads the short fields' tsvector (kept inline, not TOASTed) and sorting
      -- reads the sortable values, so neither decompresses a body. Rows written before these
      -- columns rank on their whole tsvector until they are written again (search:reindex).
      ALTER TABLE ${p}docs ADD COLUMN IF NOT EXISTS head tsvector;
      ALTER TABLE ${p}docs ADD COLUMN IF NOT EXISTS sorts jsonb;
      ${this.indexes().join(";\n      ")};
      CREATE TABLE IF NOT EXISTS ${p}terms (term text PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS ${p}meta (key text PRIMARY KEY, value bigint NOT NULL);
      INSERT INTO ${p}meta (key, value) VALUES ('vocabulary', 0), ('docs', 0) ON CONFLICT DO NOTHING;
    `);
    // lz4 (PostgreSQL 14+, when built with it) compresses the TOASTed tsvector and fields several
    // times faster than the default pglz, on every write and every rerank (ADR 059). New values only.
    await this.sql(
      `ALTER TABLE ${p}docs ALTER COLUMN tsv SET COMPRESSION lz4, ALTER COLUMN fields SET COMPRESSION lz4,
         ALTER COLUMN head SET COMPRESSION lz4`,
    ).catch(() => {});
    // ANALYZE (after every bulk load, ADR 070) samples 30,000 rows; no query is planned on the
    // stored fields, the head or the sort values (their indexes keep their own statistics), so
    // it skips decompressing those. Autovacuum left off by a load that never reached endBulk is
    // turned on again (as its dropped indexes are created again above).
    await this.sql(
      `ALTER TABLE ${p}docs ALTER COLUMN fields SET STATISTICS 0, ALTER COLUMN head SET STATISTICS 0,
         ALTER COLUMN sorts SET STATISTICS 0`,
    );
    await this.sql(`ALTER TABLE ${p}docs RESET (autovacuum_enabled, toast.autovacuum_enabled)`);
    const snippets = new Set(schema.snippet ?? []);
    this.inHead = schema.searchable.map((f) => !snippets.has(f));
    this.phrases = new Map();
    for (const term of this.synonyms.flat()) {
      const words = phraseWords(term);
      if (words.length < 2) continue;
      const [first, ...rest] = words;
      const known = this.phrases.get(first!) ?? [];
      // A phrase in two synonym groups is one lexeme (a second would repeat its positions).
      if (!known.some((r) => r.join(" ") === rest.join(" "))) this.phrases.set(first!, [...known, rest]);
    }
    // Which phrases the rows were written with: an empty index (or one cleared for a reindex)
    // takes the current synonyms; rows written under other synonyms, or before phrase lexemes
    // (ADR 055), are matched with the phrase operator until the next reindex.
    this.phrasesTag = phrasesTag(this.phrases);
    this.phraseLexemes = await this.rowsWrittenWith("phrases", this.phrasesTag, -1);
    // Bucket lexemes (ADR 059) likewise: an index written before them is counted exactly (slower)
    // until a reindex, since rows without one would never be in a sample.
    this.sampling = await this.rowsWrittenWith("buckets", LEXEMES_VERSION, 0);
    // The segmenter (ADR 078) likewise: rows cut with another jieba dictionary are still found
    // (mostly the same words), and health() asks for a reindex until one has run.
    this.segmenterCurrent = await this.rowsWrittenWith("segmenter", MIN_WORD_FREQUENCY, 0);
    this.counts.clear();
  }

  /**
   * How the rows were written (`key`: phrases, buckets, segmenter): an empty index takes this
   * process's `value`; true when the rows carry it (`missing`: the value of an index written
   * before the key existed).
   */
  private async rowsWrittenWith(key: string, value: number, missing: number): Promise<boolean> {
    const p = this.p;
    await this.sql(
      `INSERT INTO ${p}meta (key, value) SELECT $1, $2::bigint WHERE NOT EXISTS (SELECT 1 FROM ${p}docs)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [key, value],
    );
    const same = await this.sql<{ same: boolean }>(
      `SELECT coalesce((SELECT value FROM ${p}meta WHERE key = $1), $3::bigint) = $2::bigint AS same`,
      [key, value, missing],
    );
    return same.rows[0]!.same;
  }

  /** The docs table's indexes (ensureIndex; dropped during a bulk load into an empty index and built after it). */
  private indexes(): string[] {
    const p = this.p;
    return [
      `CREATE INDEX IF NOT EXISTS ${p}docs_tsv ON ${p}docs USING gin (tsv)`,
      `CREATE INDEX IF NOT EXISTS ${p}docs_facets ON ${p}docs USING gin (facet_values)`,
      // ADR 059: a sorted page of a large match set is read in its sort key's order.
      ...this.requireSchema().sortables.map(
        (f) =>
          `CREATE INDEX IF NOT EXISTS ${p}docs_sort_${f.toLowerCase()} ON ${p}docs (${sortExpr(f)} DESC NULLS LAST)`,
      ),
    ];
  }

  /**
   * A bulk load (ADR 059). Into an empty index (a reindex after clear(), a first load): the
   * indexes are dropped and built once at the end — building the GIN index over 100,000 rows
   * takes seconds, maintaining it row by row most of the load's time. Into a non-empty index
   * (other nodes search it meanwhile): the GIN indexes keep every new entry in their pending
   * list, merged once at the end instead of every 4 MB. Autovacuum is off for the table while
   * the load runs (ADR 070): it vacuumed and analyzed the growing table mid-load, and endBulk
   * does both once.
   */
  async beginBulk(): Promise<void> {
    this.requireSchema();
    const p = this.p;
    const r = await this.sql<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ${p}docs) AS empty`);
    this.bulkRebuild = r.rows[0]!.empty;
    await this.sql(`ALTER TABLE ${p}docs SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)`);
    // The load writes on sessions of its own (onBulkSession), whatever the index's state.
    this.bulkSessions = { idle: [], all: [] };
    if (this.bulkRebuild) {
      const names = await this.sql<{ name: string }>(
        `SELECT indexname AS name FROM pg_indexes WHERE tablename = $1 AND indexname <> $2`,
        [`${p}docs`, `${p}docs_pkey`],
      );
      for (const { name } of names.rows) await this.sql(`DROP INDEX IF EXISTS "${name}"`);
    } else {
      // The pending lists' limit is this load's sessions' own setting (ADR 070), not the indexes'
      // option: ALTER INDEX … SET/RESET locks the index against every node's searches, and its
      // RESET waited a second for an autovacuum to be cancelled (deadlock_timeout).
      this.bulkMerge = { running: null, since: 0, client: null };
    }
  }

  /**
   * After a bulk write into a non-empty index: every `bulkMergeDocs` documents, the text index's
   * pending list is merged by a session of its own while the load goes on (ADR 077). One merge at
   * a time (the server runs one per index anyway); a merge stops at the list's tail as it found
   * it, so it never chases the load. Searches meanwhile scan a shorter pending list.
   */
  private mergeBeside(docs: number): void {
    const merge = this.bulkMerge;
    if (!merge || this.bulkMergeDocs <= 0) return;
    merge.since += docs;
    if (merge.running || merge.since < this.bulkMergeDocs) return;
    merge.since = 0;
    const p = this.p;
    merge.running = (async () => {
      if (!merge.client) {
        merge.client = await this.pool.connect();
        await merge.client.query(`SET maintenance_work_mem = '${BULK_BUILD_MEMORY}'`);
      }
      await merge.client.query(`SELECT gin_clean_pending_list('${p}docs_tsv'::regclass)`);
    })()
      // A failed merge loses nothing: endBulk merges whatever is still pending (and reports its own failure).
      .catch(() => {})
      .finally(() => {
        merge.running = null;
      });
  }

  /**
   * Runs a bulk write on one of this load's own sessions, whose GIN pending lists take every entry
   * and whose statements are planned without their parameters' values (ADR 083): a batch's arrays
   * are megabytes, and a custom plan copied them into the plan as constants on every statement
   * (about a tenth of the server's CPU in a 10,000-case load) for the same plan every time.
   */
  private async onBulkSession(text: string, values: unknown[]): Promise<void> {
    const sessions = this.bulkSessions!;
    let client = sessions.idle.pop();
    if (!client) {
      client = await this.pool.connect().catch((e: unknown) => {
        throw new SearchUnavailableError(`PostgreSQL search: ${(e as Error).message}`, { cause: e });
      });
      sessions.all.push(client);
      await client.query(`SET gin_pending_list_limit = ${BULK_PENDING_KB}; SET plan_cache_mode = force_generic_plan`);
    }
    try {
      await client.query(text, values);
    } catch (e) {
      throw failureOf(e);
    } finally {
      sessions.idle.push(client);
    }
  }

  async endBulk(): Promise<void> {
    this.requireSchema();
    const p = this.p;
    const sessions = this.bulkSessions;
    this.bulkSessions = null;
    const merge = this.bulkMerge;
    this.bulkMerge = null;
    // The load's sessions go back to the pool with the default pending list (or closed when that fails).
    for (const c of sessions?.all ?? [])
      c.release(
        await c.query("RESET gin_pending_list_limit; RESET plan_cache_mode").then(
          () => undefined,
          (e: Error) => e,
        ),
      );
    // Then the merge beside the load is awaited: with a small pool (connection_limit) it may still
    // be waiting for a session, which only the load's sessions just released can give it.
    if (merge) {
      await merge.running;
      merge.client?.release(
        await merge.client.query("RESET maintenance_work_mem").then(
          () => undefined,
          (e: Error) => e,
        ),
      );
    }
    const clients: pg.PoolClient[] = [];
    const connect = async () => {
      const c = await this.pool.connect().catch((e: unknown) => {
        throw new SearchUnavailableError(`PostgreSQL search: ${(e as Error).message}`, { cause: e });
      });
      clients.push(c);
      // Building a GIN index sorts its entries in this memory (the default 64 MB spills).
      await c.query(`SET maintenance_work_mem = '${BULK_BUILD_MEMORY}'`);
      return c;
    };
    // Both sessions' work, then the first failure (a session is never released mid-statement).
    const together = async (work: Array<Promise<unknown>>) => {
      const failed = (await Promise.allSettled(work)).find((r) => r.status === "rejected");
      if (failed) throw (failed as PromiseRejectedResult).reason;
    };
    try {
      // The end of a load is one statement at a time on the server while the app waits: what can
      // run at once runs in two sessions (ADR 070). VACUUM marks the new pages all-visible, so
      // counts answered from an index skip the table — what autovacuum would do shortly after.
      const [client, other] = [await connect(), await connect()];
      if (this.bulkRebuild) {
        // Before the indexes exist: the table alone. Then the GIN index on the text beside the
        // others (CREATE INDEX takes a lock that does not block another CREATE INDEX).
        await client.query(`VACUUM ${p}docs`);
        const [text, ...rest] = this.indexes();
        await together([
          client.query(text!),
          (async () => {
            for (const ddl of rest) await other.query(ddl);
          })(),
        ]);
        // Planner statistics for the new rows: the row estimates decide how a query is counted.
        await client.query(`ANALYZE ${p}docs`);
      } else {
        // Merging the text index's pending list is most of it; the table's vacuum (its indexes
        // are cleaned by the merges, not by VACUUM), the statistics and the facets index's merge
        // run beside it. None of these locks blocks another.
        await together([
          client.query(`SELECT gin_clean_pending_list('${p}docs_tsv'::regclass)`),
          (async () => {
            await other.query(`VACUUM (INDEX_CLEANUP OFF) ${p}docs`);
            await other.query(`ANALYZE ${p}docs`);
            await other.query(`SELECT gin_clean_pending_list('${p}docs_facets'::regclass)`);
          })(),
        ]);
      }
      await client.query(`ALTER TABLE ${p}docs RESET (autovacuum_enabled, toast.autovacuum_enabled)`);
    } catch (e) {
      if (e instanceof SearchUnavailableError) throw e;
      throw new SearchEngineError(`PostgreSQL search: ${(e as Error).message}`, (e as { code?: string }).code);
    } finally {
      this.bulkRebuild = false;
      for (const c of clients)
        c.release(
          await c.query("RESET maintenance_work_mem").then(
            () => undefined,
            (e: Error) => e,
          ),
        );
    }
  }

  private facetValuesOf(doc: SearchDocument): string[] {
    const out: string[] = [];
    for (const f of this.requireSchema().facets) {
      const v = f === "kind" && doc.fields[f] === undefined ? doc.kind : doc.fields[f];
      for (const x of Array.isArray(v) ? v : v == null || v === "" ? [] : [String(v)]) out.push(`${f}${SEP}${x}`);
    }
    return out;
  }

  async upsert(docs: SearchDocument[]): Promise<void> {
    const s = this.requireSchema();
    if (!docs.length) return;
    // The last version of a document named twice in one batch (one statement cannot update a row twice).
    const unique = [...new Map(docs.map((d) => [d.id, d])).values()];
    const facetValues = unique.map((d) => this.facetValuesOf(d));
    const entries = await entriesOf(
      unique.map((d) => s.searchable.map((f) => textOf(d.fields[f]))),
      { inHead: this.inHead, phrases: [...this.phrases] },
      // The bucket lexeme (ADR 059), in the tsvector that matching reads, not in the head that ranks.
      // So are its facet values (`~facet=value`), for filters with few matches.
      unique.map((d, i) => [
        `~b${bucketOf(d.id)}`,
        ...facetValues[i]!.map((fv) => facetLexeme(fv.slice(0, fv.indexOf(SEP)), fv.slice(fv.indexOf(SEP) + 1))),
      ]),
    );
    const latin = new Set<string>();
    for (const e of entries) for (const w of e.latin) latin.add(w);
    const cols = [
      textArray(unique.map((d) => d.id)),
      textArray(unique.map((d) => d.kind)),
      textArray(unique.map((d) => JSON.stringify(d.fields))),
      tsvectorArray(entries.map((e) => e.tsv)),
      // Array literals ({"topic<US>x",…}): cast per row, not a subquery over a JSON array per row.
      textArray(facetValues.map((f) => `{${f.map((v) => `"${v.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`)),
      tsvectorArray(entries.map((e) => e.head)),
      textArray(
        unique.map((d) => JSON.stringify(Object.fromEntries(s.sortables.map((f) => [f, d.fields[f] ?? null])))),
      ),
    ];
    // One statement per batch, hence one transaction and one round trip: the documents, the new
    // Latin words, the index's version (cached counts of every node are stale) and, when new words
    // came, the vocabulary's. Five round trips each waited for a main thread busy with the next batch.
    // Terms sorted: two batches written at once take the terms' row locks in one order (no deadlock).
    const write = (text: string, values: unknown[]) =>
      this.bulkSessions ? this.onBulkSession(text, values) : this.sql(text, values);
    await write(
      `WITH written AS (
         INSERT INTO ${this.p}docs (id, kind, fields, tsv, facet_values, head, sorts)
         SELECT id, kind, fields::jsonb, tsv, facets::text[], head, sorts::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::tsvector[], $5::text[], $6::tsvector[], $7::text[]) AS t(id, kind, fields, tsv, facets, head, sorts)
         ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, fields = EXCLUDED.fields, tsv = EXCLUDED.tsv,
           facet_values = EXCLUDED.facet_values, head = EXCLUDED.head, sorts = EXCLUDED.sorts
         RETURNING 1
       ), added AS (
         INSERT INTO ${this.p}terms (term) SELECT unnest($8::text[]) ON CONFLICT DO NOTHING RETURNING 1
       )
       UPDATE ${this.p}meta SET value = value + 1
       WHERE key = 'docs' OR (key = 'vocabulary' AND EXISTS (SELECT 1 FROM added))`,
      [...cols, textArray([...latin].sort())],
    );
    this.mergeBeside(unique.length);
  }

  async delete(ids: string[]): Promise<void> {
    this.requireSchema();
    if (!ids.length) return;
    await this.sql(
      `WITH gone AS (DELETE FROM ${this.p}docs WHERE id = ANY($1::text[]) RETURNING 1)
       UPDATE ${this.p}meta SET value = value + 1 WHERE key = 'docs' AND EXISTS (SELECT 1 FROM gone)`,
      [ids],
    );
  }

  async count(): Promise<number> {
    this.requireSchema();
    const r = await this.sql<{ n: string }>(`SELECT count(*) AS n FROM ${this.p}docs`);
    return Number(r.rows[0]!.n);
  }

  async clear(): Promise<void> {
    this.requireSchema();
    await this.sql(`TRUNCATE ${this.p}docs, ${this.p}terms; UPDATE ${this.p}meta SET value = value + 1`);
    // Every row from now on is written with the current phrases.
    await this.sql(`UPDATE ${this.p}meta SET value = $1 WHERE key = 'phrases'`, [this.phrasesTag]);
    this.phraseLexemes = true;
    await this.sql(
      `INSERT INTO ${this.p}meta (key, value) VALUES ('buckets', ${LEXEMES_VERSION}) ON CONFLICT (key) DO UPDATE SET value = ${LEXEMES_VERSION}`,
    );
    this.sampling = true;
    await this.sql(
      `INSERT INTO ${this.p}meta (key, value) VALUES ('segmenter', ${MIN_WORD_FREQUENCY}) ON CONFLICT (key) DO UPDATE SET value = ${MIN_WORD_FREQUENCY}`,
    );
    this.segmenterCurrent = true;
  }

  async health(): Promise<EngineHealth> {
    try {
      const documents = await this.count();
      if (!this.segmenterCurrent)
        return { ok: true, engine: this.name, documents, detail: "written with another segmenter: run search:reindex" };
      return { ok: true, engine: this.name, documents };
    } catch (e) {
      return { ok: false, engine: this.name, detail: (e as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** The index's and the vocabulary's versions, as every node sees them (one round trip per search). */
  private async versions(): Promise<{ docs: number; vocabulary: number }> {
    const r = await this.sql<{ key: string; value: string }>(
      `SELECT key, value FROM ${this.p}meta WHERE key IN ('docs', 'vocabulary')`,
    );
    const of = (k: string) => Number(r.rows.find((x) => x.key === k)?.value ?? 0);
    return { docs: of("docs"), vocabulary: of("vocabulary") };
  }

  /** The Latin vocabulary for typo variants, reloaded only when another write changed it. */
  private async freshVocabulary(version: number): Promise<Vocabulary> {
    if (version !== this.vocabularyVersion) {
      const terms = await this.sql<{ term: string }>(`SELECT term FROM ${this.p}terms`);
      this.vocabulary.clear();
      this.vocabulary.add(terms.rows.map((t) => t.term));
      this.vocabularyVersion = version;
    }
    return this.vocabulary;
  }

  /** The query as tsquery: words ANDed; typo variants, synonyms and the typing prefix as alternatives. */
  private async plan(text: string, vocabularyVersion: number): Promise<QueryPlan> {
    const terms: HighlightTerms = { words: new Set(), prefixes: [], han: [] };
    let rest = ` ${fold(text)} `;
    const typing = !/\s$/.test(text);
    const units: string[] = [];
    const matches: string[] = [];
    const texts: string[] = [];
    const literal: string[] = [];
    // Whole synonym terms first (longest first), cut out of the query.
    const groupTerms = this.synonyms
      .flatMap((g, gi) => g.map((t) => ({ t, gi })))
      .sort((a, b) => b.t.length - a.t.length);
    for (const { t, gi } of groupTerms) {
      const at = HAN.test(t)
        ? rest.indexOf(t)
        : rest.search(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(t)}(?![\\p{L}\\p{N}])`, "u"));
      if (at < 0) continue;
      rest = `${rest.slice(0, at)} ${rest.slice(at + t.length)}`;
      const alternatives = this.synonyms[gi]!.map((term) => {
        if (HAN.test(term)) {
          terms.han.push(term);
          return q(term);
        }
        const words = phraseWords(term);
        for (const w of words) terms.words.add(w);
        if (words.length < 2) return q(words[0]!);
        return this.phraseLexemes ? q(words.join(" ")) : `(${words.map(q).join(" <-> ")})`;
      });
      units.push(`(${alternatives.join(" | ")})`);
      matches.push(units[units.length - 1]!);
      texts.push(t);
      literal.push(...tokensOf(t));
    }
    const parts = segmentQuery(rest);
    const vocabulary = parts.some((x) => x.kind === "word") ? await this.freshVocabulary(vocabularyVersion) : null;
    parts.forEach((part, i) => {
      const last = typing && i === parts.length - 1;
      if (part.kind === "han") {
        part.tokens.forEach((token, k) => {
          terms.han.push(token);
          literal.push(token);
          units.push(last && k === part.tokens.length - 1 ? `(${q(token)} | ${q(token)}:*)` : q(token));
          matches.push(units[units.length - 1]!);
          texts.push(token);
        });
        return;
      }
      const word = part.token;
      terms.words.add(word);
      literal.push(word);
      const variants = vocabulary!.expand(word);
      for (const v of variants) terms.words.add(v);
      const alternatives = [q(word), ...variants.map(q)];
      const matched = [...alternatives];
      if (last) {
        alternatives.push(`${q(word)}:*`);
        terms.prefixes.push(word);
        const words = this.prefixWords(word, vocabulary!);
        if (words) matched.push(...words.filter((w) => !variants.includes(w)).map(q));
        else matched.push(`${q(word)}:*`);
      }
      units.push(alternatives.length > 1 ? `(${alternatives.join(" | ")})` : alternatives[0]!);
      matches.push(matched.length > 1 ? `(${matched.join(" | ")})` : matched[0]!);
      texts.push(part.raw);
    });
    return {
      units: units.map((u, i) => ({ tsquery: u, match: matches[i]!, text: texts[i]! })),
      tsquery: units.join(" & "),
      match: matches.join(" & "),
      literal: [...new Set(literal)].map(q).join(" | "),
      terms,
    };
  }

  /**
   * The index's words that begin with a typed Latin word, when few and all known here (else
   * null: matched as a prefix). A prefix in a tsquery is a partial match, for which the GIN
   * index reads every posting list the prefix covers — the word's own whole list included,
   * which its exact alternative reads again — before ANDing it with anything (at 100,000
   * cases: '政策' & 'farmers' 2.6 ms, with `| 'farmers':*` 10–14). Exact words are ANDed
   * within the index, skipping. The same rows match: every word of 2+ letters not all digits
   * is in the typo vocabulary, except those holding Chinese (segment.ts mixedWords) and the
   * synonym phrases (their rows written with the current phrases only). Ranking and the
   * planner's estimates keep the prefix (QueryPlan.tsquery): a page is the same page.
   */
  private prefixWords(word: string, vocabulary: Vocabulary): string[] | null {
    if (!this.phraseLexemes || !this.segmenterCurrent || /^\p{N}+$/u.test(word)) return null;
    const words = vocabulary.startingWith(word, PREFIX_WORDS);
    if (!words) return null;
    for (const w of mixedWords()) if (w.startsWith(word) && w !== word) words.push(w);
    for (const [first, rests] of this.phrases)
      for (const rest of rests) {
        const phrase = [first, ...rest].join(" ");
        if (phrase.startsWith(word)) words.push(phrase);
      }
    return words.length <= PREFIX_WORDS ? [...new Set(words)] : null;
  }

  private filterSql(filters: Record<string, string[]> | undefined, skip: string | null, values: unknown[]): string {
    const s = this.requireSchema();
    const clauses: string[] = [];
    for (const [facet, selected] of Object.entries(filters ?? {})) {
      if (facet === skip || !selected?.length) continue;
      if (!s.facets.includes(facet)) throw new SearchEngineError(`unknown facet ${facet}`);
      values.push(selected.map((v) => `${facet}${SEP}${v}`));
      clauses.push(`facet_values && $${values.length}::text[]`);
    }
    return clauses.length ? clauses.join(" AND ") : "TRUE";
  }

  /** A cached total and facet counts (or a relaxed plan) of this index version, refreshed as most recently used. */
  private cached<T>(key: string, version: number): T | undefined {
    const hit = this.counts.get(key) as { version: number } | undefined;
    if (!hit || hit.version !== version) return undefined;
    this.counts.delete(key);
    this.counts.set(key, hit as never);
    return hit as T;
  }

  private remember(key: string, value: { version: number }): void {
    if (this.countCacheSize <= 0) return;
    this.counts.set(key, value as never);
    while (this.counts.size > this.countCacheSize) this.counts.delete(this.counts.keys().next().value!);
  }

  /** The planner's row estimate for the rows matching `cond` (planned, not run: about a millisecond). */
  private async estimate(cond: string, values: unknown[]): Promise<number> {
    const r = await this.sql<{ "QUERY PLAN": Array<{ Plan: { "Plan Rows": number } }> }>(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${this.p}docs WHERE ${cond}`,
      values,
    );
    return Number(r.rows[0]!["QUERY PLAN"][0]!.Plan["Plan Rows"]);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    this.requireSchema();
    const perPage = Math.max(1, Math.min(query.perPage ?? 20, 100));
    const page = Math.max(1, query.page ?? 1);
    const version = await this.versions();
    const plan = query.q.trim() ? await this.plan(query.q, version.vocabulary) : null;
    if (plan && !plan.tsquery)
      return { hits: [], total: 0, totalExact: true, page, perPage, facets: {}, facetsExact: true, tookMs: 0 };

    // Partial matching (SearchQuery.relaxBelow, ADR 030): the words kept, and the full query
    // whose matches still rank first. Its counts are cached as the totals are.
    // The planner's estimates, asked once per search: the relaxed search asks again for the kept words'.
    const estimates = new Map<string, Promise<number>>();
    if (!plan || (query.relaxBelow ?? 0) <= 0 || plan.units.length < 2)
      return (await this.searchWith(query, plan, null, version, started, estimates)).page();
    const below = query.relaxBelow!;
    const key = JSON.stringify(["relax", plan.tsquery, query.filters ?? {}, query.kind ?? null, below]);
    const hit = this.cached<{ relaxed: Relaxed }>(key, version.docs);
    if (hit) return (await this.searchWith(query, plan, hit.relaxed, version, started, estimates)).page();
    // Most queries match enough with every word: the search itself says so (ADR 067). Counting
    // the full matches first, up to `below`, built the whole GIN bitmap of a common word's
    // posting list (10-30 ms at 100,000 cases) on every multi-word query. Only when the
    // matches visited (every one, or a sample) hold fewer than `below` is the exact count made.
    // The full search's page (a sorted page's scan, the rows' fields) waits for that decision:
    // a relaxed search returns a page of its own.
    const full = await this.searchWith(query, plan, null, version, started, estimates);
    // Every match visited (not a sample): their number is the exact count relax() would make.
    const relaxed =
      full.visitedPassed >= below ? null : await this.relax(plan, query, full.totalExact ? full.total : undefined);
    this.remember(key, { version: version.docs, relaxed } as never);
    const chosen = relaxed ? await this.searchWith(query, plan, relaxed, version, started, estimates) : full;
    return chosen.page();
  }

  /** search() once partial matching is decided: `relaxed` null searches every word. */
  private async searchWith(
    query: SearchQuery,
    plan: QueryPlan | null,
    relaxed: Relaxed | null,
    version: { docs: number; vocabulary: number },
    started: number,
    estimates: Map<string, Promise<number>>,
  ): Promise<{
    /** Matches visited that pass the filters (partial matching's test: at least `relaxBelow`). */
    visitedPassed: number;
    total: number;
    totalExact: boolean;
    /** The page's hits (and the result): a sorted page's own scan, then the rows' fields. */
    page: () => Promise<SearchResult>;
  }> {
    const s = this.requireSchema();
    const perPage = Math.max(1, Math.min(query.perPage ?? 20, 100));
    const pageNumber = Math.max(1, query.page ?? 1);
    const offset = (pageNumber - 1) * perPage;
    const matchQuery = relaxed ? relaxed.match : plan?.match;
    // The planner is asked about the query as planned (with its prefix): the same estimates, the same sample.
    const plannedQuery = relaxed ? relaxed.tsquery : plan?.tsquery;
    const requested = query.facets ?? [];
    for (const facet of requested) if (!s.facets.includes(facet)) throw new SearchEngineError(`unknown facet ${facet}`);
    const filters = Object.entries(query.filters ?? {}).filter(([, selected]) => selected?.length);
    for (const [facet] of filters) if (!s.facets.includes(facet)) throw new SearchEngineError(`unknown facet ${facet}`);
    const sort = query.sort ?? "relevance";
    if (sort !== "relevance" && !s.sortables.includes(sort.field))
      throw new SearchEngineError(`unknown sort field ${sort.field}`);

    // What the GIN index answers (the words; the kind), then each filter as a flag computed on
    // the matching rows (ADR 059): a filter the planner answered from the facets index made it
    // test `tsv @@` on every row of the facet value instead, decompressing each tsvector (1.5 s).
    const values: unknown[] = [];
    const text: string[] = [];
    if (plan) {
      values.push(matchQuery);
      text.push(`tsv @@ $${values.length}::tsquery`);
    }
    if (query.kind) {
      values.push(query.kind);
      text.push(`kind = $${values.length}`);
    }
    const textCond = text.length ? text.join(" AND ") : "TRUE";
    const textValues = values.length;
    const flags = filters.map(([facet, selected]) => {
      values.push(selected.map((v) => `${facet}${SEP}${v}`));
      return `facet_values && $${values.length}::text[]`;
    });
    const allFlags = (skip = -1) => flags.filter((_, i) => i !== skip).join(" AND ") || "TRUE";
    const filterValues = values.length;

    // Cached counts of this index version (ADR 055), with how the page was found.
    const countKey = JSON.stringify(["counts", matchQuery ?? "", query.filters ?? {}, query.kind ?? null, requested]);
    const known = this.cached<CountsEntry>(countKey, version.docs);

    // How many matches to visit (ADR 059): every one when the planner expects at most `sample`
    // (and then everything below is exact), else the rows of `b` of the 64 buckets (a hash of
    // the id, under a btree index the planner ANDs with the GIN bitmap), about `sample` rows.
    const needed = offset + perPage;
    const target = Math.max(this.sampleSize, 4 * needed);
    // The planner multiplies the selectivities of ANDed words as if independent, but a Chinese
    // compound's sub-words always come with it ('小商' & '商品' & '小商品': 57 rows expected, 6,921
    // found), and visiting far more matches than expected is the costly mistake. So the words'
    // estimate is the smallest of their parts' (an upper bound; a sample that finds far fewer is
    // taken again whole), and the filters' share is the planner's.
    const parts = plan ? (relaxed ? relaxed.units : plan.units.map((u) => u.tsquery)) : [];
    const kindCond = query.kind ? ` AND kind = $2` : "";
    const estimate = (cond: string, v: unknown[]) => {
      const key = JSON.stringify([cond, v]);
      let e = estimates.get(key);
      if (!e) estimates.set(key, (e = this.estimate(cond, v)));
      return e;
    };
    const planned = (v: unknown[]) => (plan ? [plannedQuery, ...v.slice(1)] : v);
    const [whole, filtered, ...partRows] = await Promise.all([
      estimate(textCond, planned(values.slice(0, textValues))),
      flags.length ? estimate(`${textCond} AND ${allFlags()}`, planned(values.slice(0, filterValues))) : null,
      ...(parts.length > 1
        ? parts.map((u) => estimate(`tsv @@ $1::tsquery${kindCond}`, [u, ...values.slice(1, textValues)]))
        : []),
    ]);
    const textRows = Math.max(whole, ...(partRows.length ? [Math.min(...partRows)] : []));
    const allRows = filtered === null ? null : (textRows * filtered) / Math.max(1, whole);
    // A bound on the rows one statement visits, whatever the planner expected.
    const cap0 = 8 * target;
    const bucketsFor = (rows: number) =>
      rows <= target || !this.sampling ? BUCKETS : Math.max(1, Math.ceil((BUCKETS * target) / rows));

    let rank = "0";
    let fullRank = "";
    if (plan) {
      values.push(plan.tsquery, plan.literal || plan.tsquery);
      const [all, typed] = [values.length - 1, values.length];
      const rankOn = (v: string) =>
        `ts_rank('${RANK_WEIGHTS}', ${v}, $${all}::tsquery) + 2 * ts_rank('${RANK_WEIGHTS}', ${v}, $${typed}::tsquery)`;
      // Every visited match is ranked on the short fields only (ADR 055): no body is decompressed.
      rank = rankOn("coalesce(head, tsv)");
      // The best candidates are ranked again on every field, the body's weight included.
      fullRank = rankOn("d.tsv");
      if (relaxed) {
        // Documents matching every word first, then those matching what was kept.
        values.push(relaxed.fullIds);
        const first = (id: string) => `(CASE WHEN ${id} = ANY($${values.length}::text[]) THEN 1000 ELSE 0 END) + `;
        rank = first("id") + rank;
        fullRank = first("d.id") + fullRank;
      }
    }
    let order = plan ? "score DESC, id" : "id";
    let sortKey = "";
    if (sort !== "relevance") {
      values.push(sort.field);
      // The small sorts column, not the fields (TOASTed with the body).
      sortKey = `, (coalesce(sorts, fields)->>$${values.length})::float8 AS sortkey`;
      // Ties by relevance, then by id, so pages never overlap.
      order = `sortkey ${sort.direction === "asc" ? "ASC" : "DESC"} NULLS LAST, ${plan ? "score DESC, " : ""}id`;
    }
    const pageValues = values.length;
    if (requested.length) values.push(requested);
    const requestedAt = values.length;
    const facetNames = filters.map(([facet]) => {
      values.push(facet);
      return `$${values.length}::text`;
    });
    const shared = values.length;

    /**
     * One statement: the visited matches (`where`: all of them or a bucket sample), the total
     * and the disjunctive facet counts over them (a facet with a selection counted without its
     * own filter), and the page's ids in order. `only`: the facets whose counts are wanted, and
     * whether the page is (without it nothing is ranked).
     */
    type Only = { facets: string[]; page: boolean };
    const visit = async (where: string, buckets: number, withCounts: boolean, extra?: string, only?: Only) => {
      // Parameters the statement names (PostgreSQL cannot type one it never sees).
      const v = values.slice(0, withCounts ? shared : pageValues);
      if (only && withCounts && requested.length) v[requestedAt - 1] = only.facets;
      const countsOnly = only?.page === false;
      let sampled = "";
      if (extra) {
        v.push(extra);
        sampled += ` AND tsv @@ $${v.length}::tsquery`;
      }
      if (buckets < BUCKETS) {
        v.push(bucketQuery(buckets));
        sampled += ` AND tsv @@ $${v.length}::tsquery`;
      }
      // Whole numbers of ours, written into the text: a parameter a statement does not use cannot be typed.
      const [cap, cand, limit, skip] = [cap0, CANDIDATES, perPage, offset].map((n) => String(Math.floor(n)));
      const flagCols = flags.map((f, i) => `, ${f} AS f${i}`).join("");
      const okCond = flags.map((_, i) => `f${i}`).join(" AND ") || "TRUE";
      const rankedPage = countsOnly
        ? `page AS (SELECT NULL::text AS id, 0 AS ord WHERE FALSE)`
        : plan && sort === "relevance"
          ? // MATERIALIZED: on a low row estimate the planner re-ran `top` for every visited row (9 s).
            `top AS MATERIALIZED (SELECT id FROM ok ORDER BY ${order} LIMIT ${cand}),
             re AS MATERIALIZED (SELECT d.id, ${fullRank} AS full_score FROM top JOIN ${this.p}docs d USING (id)),
             page AS (SELECT ok.id, row_number() OVER (ORDER BY re.full_score DESC NULLS LAST, ok.score DESC, ok.id) AS ord
                      FROM ok LEFT JOIN re USING (id) ORDER BY ord LIMIT ${limit} OFFSET ${skip})`
          : `page AS (SELECT id, row_number() OVER (ORDER BY ${order}) AS ord FROM ok ORDER BY ord LIMIT ${limit} OFFSET ${skip})`;
      const facetOf = `split_part(x.v, chr(31), 1)`;
      const facetCase = filters.length
        ? `CASE ${facetOf} ${filters.map((_, i) => `WHEN ${facetNames[i]} THEN ${flags.map((__, j) => (j === i ? "TRUE" : `f${j}`)).join(" AND ")}`).join(" ")} ELSE ${okCond} END`
        : "TRUE";
      const counts = withCounts
        ? `(SELECT count(*) FROM s) AS visited, (SELECT count(*) FROM ok) AS passed,
           (SELECT coalesce(json_agg(json_build_array(c.v, c.n)), '[]') FROM (
              SELECT x.v, count(*) AS n FROM s, unnest(s.facet_values) AS x(v)
              WHERE ${requested.length ? `${facetOf} = ANY($${requestedAt}::text[]) AND ` : ""}${facetCase} GROUP BY x.v
           ) AS c) AS facets,`
        : "";
      // A sampled sorted page is read again from every match (page() below): the sort key, as its
      // btree index has it, of the sample's k-th passing row bounds that read.
      const bounded = sort !== "relevance" && buckets < BUCKETS && !countsOnly ? sort : null;
      const boundRank = Math.max(PAGE_BOUND_MIN, Math.ceil((PAGE_BOUND_MARGIN * needed * buckets) / BUCKETS));
      const pageKey = bounded ? `, ${sortExpr(bounded.field)} AS pagekey` : "";
      const bound = bounded
        ? `(SELECT pagekey FROM ok ORDER BY pagekey ${bounded.direction === "asc" ? "ASC" : "DESC"} NULLS LAST
            OFFSET ${boundRank - 1} LIMIT 1) AS bound, `
        : "";
      // Nothing ranked for counts only: the rank's parameters named, never evaluated (a parameter
      // the statement never names cannot be typed).
      const ranked = flags.length ? `CASE WHEN ${allFlags()} THEN ${rank} END` : rank;
      const score = countsOnly ? `CASE WHEN FALSE THEN ${rank} END` : ranked;
      const r = await this.sql<{
        visited?: string;
        passed?: string;
        facets?: Array<[string, string]>;
        bound?: number | null;
        ids: string[];
      }>(
        `WITH s AS MATERIALIZED (
           SELECT id, facet_values${flagCols}, ${score} AS score${sortKey}${pageKey} FROM ${this.p}docs
           WHERE ${where}${sampled} LIMIT ${cap}
         ), ok AS (SELECT * FROM s WHERE ${okCond}),
         ${rankedPage}
         SELECT ${counts} ${bound}(SELECT coalesce(json_agg(id ORDER BY ord), '[]') FROM page) AS ids`,
        v,
      );
      const row = r.rows[0]!;
      return {
        visited: Number(row.visited ?? 0),
        passed: Number(row.passed ?? 0),
        facets: (row.facets ?? []).map(([fv, n]) => [fv, Number(n)] as const),
        ids: row.ids,
        bound: row.bound === null || row.bound === undefined ? null : Number(row.bound),
        capped: Number(row.visited ?? 0) >= cap0,
      };
    };

    // About `target` matches of the words visited; when the planner expects few of them to pass
    // the filters (a rare value), the page, the total and the facets without a selection come
    // from the matches of words and filters together (the filters as facet lexemes in the same
    // GIN scan), and the facets with one from the first sample.
    let buckets = bucketsFor(textRows);
    const filterQuery = filters
      .map(([facet, selected]) => `(${selected.map((v) => q(facetLexeme(facet, v))).join(" | ")})`)
      .join(" & ");
    let byFilters =
      flags.length > 0 && this.sampling && ((allRows ?? textRows) * buckets) / BUCKETS < Math.max(needed, MIN_PASSED);
    let filteredBuckets = bucketsFor(allRows ?? textRows);
    // A sample much smaller than the planner expected (a small table it never analyzed guesses
    // from its pages) is taken again whole.
    const checked = async (b: number, extra?: string, only?: Only) => {
      const r = await visit(textCond, b, true, extra, only);
      if (b === BUCKETS || r.visited * (BUCKETS / b) >= this.sampleSize / 2) return { ...r, b };
      return { ...(await visit(textCond, BUCKETS, true, extra, only)), b: BUCKETS };
    };
    let totalExact = true;
    let facetsExact = true;
    let total = 0;
    const facetCounts = new Map<string, Record<string, number>>(requested.map((f) => [f, {}]));
    const addCounts = (
      counts: ReadonlyArray<readonly [string, number]>,
      b: number,
      exact: boolean,
      only: (f: string) => boolean,
    ) => {
      for (const [fv, n] of counts) {
        const cut = fv.indexOf(SEP);
        const facet = fv.slice(0, cut);
        const into = facetCounts.get(facet);
        if (into && only(facet)) into[fv.slice(cut + 1)] = exact ? n : roughly((n * BUCKETS) / b);
      }
    };
    let ids: string[];
    // The sort key that bounds a sampled sorted page's read (null: none).
    let pageBound: number | null = null;
    // Matches visited that pass the filters (partial matching's test: at least `relaxBelow`).
    let visitedPassed = 0;
    if (known) {
      visitedPassed = known.totalExact ? known.total : 0;
      ({ buckets, byFilters, filteredBuckets } = known);
      ({ ids, bound: pageBound } = byFilters
        ? await visit(textCond, filteredBuckets, false, filterQuery)
        : await visit(textCond, buckets, false));
    } else if (!byFilters) {
      const first = await checked(buckets);
      buckets = first.b;
      const exact = buckets === BUCKETS && !first.capped;
      addCounts(first.facets, buckets, exact, () => true);
      facetsExact = totalExact = exact;
      total = exact ? first.passed : roughly((first.passed * BUCKETS) / buckets);
      visitedPassed = first.passed;
      ids = first.ids;
      pageBound = first.bound;
    } else {
      const selected = new Set(filters.map(([f]) => f));
      // The words' sample gives only the counts of the facets with a selection (the page, the
      // total and the other facets come from the matches of words and filters): nothing else is
      // ranked or counted there, nor those facets in the other.
      const withSelection = requested.filter((f) => selected.has(f));
      const [first, second] = await Promise.all([
        withSelection.length ? checked(buckets, undefined, { facets: withSelection, page: false }) : null,
        checked(filteredBuckets, filterQuery, { facets: requested.filter((f) => !selected.has(f)), page: true }),
      ]);
      if (first) {
        buckets = first.b;
        addCounts(first.facets, buckets, buckets === BUCKETS && !first.capped, (f) => selected.has(f));
      }
      filteredBuckets = second.b;
      const exact = filteredBuckets === BUCKETS && !second.capped;
      addCounts(second.facets, filteredBuckets, exact, (f) => !selected.has(f));
      facetsExact = exact && (!first || (buckets === BUCKETS && !first.capped));
      totalExact = exact;
      total = exact ? second.passed : roughly((second.passed * BUCKETS) / filteredBuckets);
      visitedPassed = second.passed;
      ids = second.ids;
      pageBound = second.bound;
    }
    if (known) {
      total = known.total;
      totalExact = known.totalExact;
      facetsExact = known.facetsExact;
      for (const [f, c] of known.facets) facetCounts.set(f, c);
    } else {
      const entry: CountsEntry = {
        version: version.docs,
        total,
        totalExact,
        facets: facetCounts,
        facetsExact,
        buckets,
        byFilters,
        filteredBuckets,
      };
      this.remember(countKey, entry);
    }
    const sampled = (byFilters ? filteredBuckets : buckets) < BUCKETS;
    const page = async (): Promise<SearchResult> => {
      // A sorted page of a sampled match set comes from the sort key's index in order (ADR 059):
      // the newest of a sample would not be the newest.
      // Filters that keep far fewer rows than the words match also narrow that page's index scan, as
      // facet lexemes beside the words: else a common word's whole match set was read from the heap
      // and filtered row by row (99,374 rows for ~3,000 kept at 100,000 cases: 100-200 ms).
      // The page is first read above the sample's bound (the GIN bitmap ANDed with the sort key's
      // range: a few hundred rows from the heap, not the words' whole match set); a full page
      // there is the page (every row below the bound comes after it), else it is read unbounded.
      if (sort !== "relevance" && sampled) {
        const selective = flags.length > 0 && total * SELECTIVE_FILTERS < textRows;
        const read = (bound: number | null) =>
          this.sortedPage(textCond, allFlags(), values.slice(0, filterValues), sort, perPage, offset, {
            facetQuery: selective ? filterQuery : undefined,
            bound,
          });
        ids = pageBound === null ? [] : await read(pageBound);
        if (ids.length < perPage) ids = await read(null);
      }
      const rows = ids.length
        ? (await this.sql(`SELECT id, kind, fields FROM ${this.p}docs WHERE id = ANY($1::text[])`, [ids])).rows
        : [];
      const byId = new Map(rows.map((r) => [r.id as string, r]));
      const highlightOn = query.highlight !== false && !!plan;
      const hits = ids
        .map((id) => byId.get(id))
        .filter((r): r is Row => !!r)
        .map((row) => this.hit(row, highlightOn ? plan!.terms : null));
      return {
        hits,
        total,
        totalExact,
        page: pageNumber,
        perPage,
        facets: Object.fromEntries(requested.map((f) => [f, { ...(facetCounts.get(f) ?? {}) }])),
        facetsExact,
        tookMs: performance.now() - started,
        ...(relaxed ? { relaxed: { ignored: relaxed.ignored, fullMatches: relaxed.fullMatches } } : {}),
      };
    };
    return { visitedPassed, total, totalExact, page };
  }

  /** A sorted page straight from the sort key's btree index, matching rows tested as it is read. */
  private async sortedPage(
    textCond: string,
    filterCond: string,
    values: unknown[],
    sort: { field: string; direction: "asc" | "desc" },
    perPage: number,
    offset: number,
    { facetQuery, bound = null }: { facetQuery?: string; bound?: number | null } = {},
  ): Promise<string[]> {
    const v = [...values];
    // The filters as an expression the planner cannot answer from the facets index (`|| '{}'`):
    // read in the sort key's order, each row's filters are a test on the row itself.
    let heapFilters = heapForm(filterCond);
    // Selective filters as facet lexemes too: the words' GIN scan keeps only the rows that pass them.
    if (facetQuery) {
      v.push(facetQuery);
      heapFilters += ` AND tsv @@ $${v.length}::tsquery`;
    }
    const dir = sort.direction === "asc" ? "ASC" : "DESC";
    // Only rows at or beyond the bound in the page's order (the sort key's own expression: its index answers it).
    if (bound !== null) {
      v.push(bound);
      heapFilters += ` AND ${sortExpr(sort.field)} ${dir === "ASC" ? "<=" : ">="} $${v.length}::float8`;
    }
    v.push(perPage, offset);
    const r = await this.sql<{ id: string }>(
      `SELECT id FROM ${this.p}docs WHERE ${textCond} AND ${heapFilters}
       ORDER BY ${sortExpr(sort.field)} ${dir} NULLS LAST, id LIMIT $${v.length - 1} OFFSET $${v.length}`,
      v,
    );
    return r.rows.map((x) => x.id);
  }

  /**
   * When fewer than `relaxBelow` documents (after filters) match every part of the
   * query, drops parts one at a time: the one whose removal finds the most documents,
   * the most frequent on a tie (Meilisearch's "frequency" strategy), until enough
   * match or one part is left. Null when nothing is dropped.
   */
  private async relax(plan: QueryPlan, query: SearchQuery, knownFull?: number): Promise<Relaxed | null> {
    const below = query.relaxBelow ?? 0;
    if (below <= 0 || plan.units.length < 2) return null;
    const filters = Object.entries(query.filters ?? {}).filter(([, selected]) => selected?.length);
    const base = (values: unknown[]) => {
      // Filters in the GIN scan as facet lexemes (ADR 059), or tested on the rows it finds,
      // never the other way round (see search()).
      let parts = [heapForm(this.filterSql(query.filters, null, values))];
      if (this.sampling && filters.length) {
        values.splice(0);
        values.push(filters.map(([f, sel]) => `(${sel.map((v) => q(facetLexeme(f, v))).join(" | ")})`).join(" & "));
        parts = [`tsv @@ $${values.length}::tsquery`];
      }
      if (query.kind) {
        values.push(query.kind);
        parts.push(`kind = $${values.length}`);
      }
      return parts.join(" AND ");
    };
    // One statement per step: the count of every candidate query, and of each part alone.
    // Each count is a subquery of its own so it is answered from the GIN index: a
    // count(*) FILTER (WHERE tsv @@ …) over the table read and decompressed every
    // document's tsvector on every multi-word search (hundreds of ms at 10,000 cases).
    // Counted up to RELAX_CAP (ADR 059): which candidate finds the most is only a question
    // while few match; beyond the cap they tie and the most frequent dropped word decides.
    const capped = async (queries: string[]) => {
      const values: unknown[] = [];
      const cond = base(values);
      const cols = queries.map((tsq, i) => {
        values.push(tsq);
        return `(SELECT count(*) FROM (SELECT 1 FROM ${this.p}docs WHERE ${cond} AND tsv @@ $${values.length}::tsquery LIMIT ${RELAX_CAP}) AS m) AS c${i}`;
      });
      const r = await this.sql(`SELECT ${cols.join(", ")}`, values);
      return queries.map((_, i) => Number(r.rows[0]![`c${i}`]));
    };
    // A bitmap scan reads a word's whole posting list before LIMIT stops anything (10-30 ms for
    // a common word at 100,000 cases). So each query is counted first in a few buckets (ADR 067):
    // those matches are a subset of all, so RELAX_CAP of them there means RELAX_CAP in all, the
    // same answer; only the queries that fall short there are counted over every row.
    const counts = async (queries: string[]) => {
      if (!this.sampling) return capped(queries);
      const sample = bucketQuery(RELAX_BUCKETS);
      const n = await capped(queries.map((tsq) => `(${tsq}) & (${sample})`));
      const short = queries.filter((_, i) => n[i]! < RELAX_CAP);
      const whole = short.length ? await capped(short) : [];
      let k = 0;
      return n.map((x) => (x < RELAX_CAP ? whole[k++]! : x));
    };
    // Each query counted once per relax(): with two words, the candidates (each word alone) are
    // the words whose frequencies decide a tie between them.
    const known = new Map<string, number>();
    const counted = async (queries: string[]) => {
      const ask = [...new Set(queries.filter((x) => !known.has(x)))];
      if (ask.length) (await counts(ask)).forEach((n, i) => known.set(ask[i]!, n));
      return queries.map((x) => known.get(x)!);
    };
    // Most queries match enough documents with every word: find that out from the index,
    // stopping at `below` matches, before counting anything else.
    let fullMatches: number;
    if (knownFull !== undefined) fullMatches = knownFull;
    else {
      const values: unknown[] = [];
      const cond = base(values);
      values.push(plan.match, below);
      const r = await this.sql<{ n: string }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${this.p}docs WHERE ${cond} AND tsv @@ $${values.length - 1}::tsquery LIMIT $${values.length}) AS enough`,
        values,
      );
      fullMatches = Number(r.rows[0]!.n);
    }
    if (fullMatches >= below) return null;
    let kept = plan.units.map((u, i) => ({ ...u, i }));
    // Each part's own frequency decides ties only: counted the first time there is one.
    let frequencies: number[] | null = null;
    const frequency = async () => (frequencies ??= await counted(plan.units.map((u) => u.match)));
    const ignored: string[] = [];
    let found = fullMatches;
    while (found < below && kept.length > 1) {
      const candidates = kept.map((u) => kept.filter((x) => x !== u));
      const n = await counted(candidates.map((c) => c.map((x) => x.match).join(" & ")));
      // The candidate finding the most; among those tied with it, the most frequent dropped
      // part (the first on a tie). Frequencies are counted only for a tie at the top: a tie of
      // candidates that find less (every one keeping a word no document has) decides nothing.
      // Nor does a tie at the cap: each tied candidate's dropped word is kept by another tied
      // candidate, which finds RELAX_CAP, so that word alone counts RELAX_CAP too — the first wins.
      const most = Math.max(...n);
      const tied = n.flatMap((x, k) => (x === most ? [k] : []));
      let best = tied[0]!;
      if (tied.length > 1 && most < RELAX_CAP) {
        const f = await frequency();
        for (const k of tied) if (f[kept[k]!.i]! > f[kept[best]!.i]!) best = k;
      }
      if (n[best]! <= found && found > 0) break;
      ignored.push(kept[best]!.text);
      found = n[best]!;
      kept = candidates[best]!;
    }
    if (!ignored.length) return null;
    // The few documents matching every part (fewer than `below`), by id: ranking them first
    // by `tsv @@ full` would decompress every kept match's tsvector.
    let fullIds: string[] = [];
    if (fullMatches > 0) {
      const values: unknown[] = [];
      const cond = base(values);
      values.push(plan.match, below);
      const r = await this.sql<{ id: string }>(
        `SELECT id FROM ${this.p}docs WHERE ${cond} AND tsv @@ $${values.length - 1}::tsquery LIMIT $${values.length}`,
        values,
      );
      fullIds = r.rows.map((x) => x.id);
    }
    return {
      tsquery: kept.map((u) => u.tsquery).join(" & "),
      match: kept.map((u) => u.match).join(" & "),
      units: kept.map((u) => u.tsquery),
      ignored,
      fullMatches,
      fullIds,
    };
  }

  private hit(row: Row, terms: HighlightTerms | null): SearchHit {
    const s = this.requireSchema();
    const fields = row.fields as Record<string, FieldValue>;
    const shown = s.displayed ? Object.fromEntries(s.displayed.map((f) => [f, fields[f]])) : fields;
    const highlights: Record<string, string> = {};
    const snippets: Record<string, string> = {};
    if (terms) {
      for (const f of s.highlight ?? []) highlights[f] = highlight(textOf(fields[f]), terms);
      for (const f of s.snippet ?? []) snippets[f] = snippet(textOf(fields[f]), terms);
    }
    return { id: row.id as string, kind: row.kind as string, fields: shown, highlights, snippets };
  }

  async related(id: string, limit: number): Promise<SearchHit[]> {
    const s = this.requireSchema();
    const r = await this.sql<{ fields: Record<string, FieldValue> }>(`SELECT fields FROM ${this.p}docs WHERE id = $1`, [
      id,
    ]);
    const fields = r.rows[0]?.fields;
    if (!fields) return [];
    // What the document is about: the words of its first two searchable fields and its Chinese sub-words.
    const text = s.searchable
      .slice(0, 3)
      .map((f) => textOf(fields[f]))
      .join(" ");
    const words = new Set<string>();
    for (const t of tokensOf(segmentChunkInline([[text]]).texts[0]![0]!)) if (t.length >= 2) words.add(t);
    for (const m of fold(text).match(/\p{Script=Han}+/gu) ?? [])
      for (const t of cutHan(m)) if (t.length >= 2) words.add(t);
    if (!words.size) return [];
    const tsquery = [...words].map(q).join(" | ");
    const rows = await this.sql(
      `SELECT id, kind, fields FROM ${this.p}docs WHERE id <> $1 AND tsv @@ $2::tsquery
       ORDER BY ts_rank('${RANK_WEIGHTS}', coalesce(head, tsv), $2::tsquery) DESC, id LIMIT $3`,
      [id, tsquery, limit],
    );
    return rows.rows.map((row) => this.hit(row, null));
  }
}

/** A Latin synonym's words as the index tokenizes them. */
function phraseWords(term: string): string[] {
  return HAN.test(term) ? [] : term.split(NON_WORD).filter(Boolean).map(stripDiacritics);
}

/** A number naming a set of phrases (52 bits of its hash: a bigint in meta, exact in JS). */
function phrasesTag(phrases: Map<string, string[][]>): number {
  const text = JSON.stringify([...phrases].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return parseInt(createHash("sha256").update(text).digest("hex").slice(0, 13), 16);
}

/** Facet filters as an expression the planner cannot answer from the facets index (ADR 059). */
function heapForm(filterCond: string): string {
  return filterCond.replace(/facet_values &&/g, "(facet_values || '{}'::text[]) &&");
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
