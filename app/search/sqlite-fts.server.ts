// The embedded engine: SQLite FTS5 in the app's own database, on its own
// better-sqlite3 connection (far cheaper per statement than going through Prisma).
//
// Layout (tables prefixed search_<index>_, created idempotently):
//   docs   rowid, id, kind, original fields (JSON), facet/sort attributes (JSON)
//   fts    contentless FTS5 over the segmented copies of every searchable field
//   head   the same for all searchable fields but the last (long) one: ranking
//          tiers are decided on this small index instead of the body's doclists
//   vocab  Latin words seen, for typo expansion
//   meta   schema and a version counter bumped by every write
//
// Speed with common words (100k documents, a word in nearly all of them) comes from:
//   - match sets fetched per query clause without ranking, kept as bitsets in a
//     small cache until the index changes;
//   - facets and sort keys held in memory as columns, so filters, facet counts
//     (each facet as if its own selection were cleared) and date sorts are one
//     pass over the matched rowids;
//   - relevance as Meilisearch orders attributes: tier by the best field that
//     matches (title > summary > topics > body), bm25 inside a tier only when the
//     tier is small enough to score cheaply, otherwise the tie-break sort.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseUrl } from "~/utils/database-url.ts";
import { snippet, highlight, type HighlightTerms } from "./highlight.ts";
import {
  facetValues,
  fieldText,
  pageOf,
  SearchEngineError,
  SearchUnavailableError,
  type EngineHealth,
  type FieldValue,
  type IndexSchema,
  type SearchDocument,
  type SearchEngine,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from "./port.ts";
import { logger } from "~/utils/logger.server.ts";
import { useWalMode } from "~/utils/sqlite-wal.server.ts";
import { withPlanStableLimit } from "~/utils/sqlite-limit.ts";
import { defaultSegmentWorkers, segmentPool } from "./segment-pool.server.ts";
import {
  addTerms,
  cutHan,
  cutWords,
  dictionaryTerms,
  DOMAIN_TERMS,
  fold,
  HAN,
  segmentChunkInline,
  segmentQuery,
  SEGMENTER,
  segmenterLoaded,
  stripDiacritics,
  type QueryPart,
  type SegmentedChunk,
} from "./segment.ts";
import { allowedTypos, typoCost, Vocabulary } from "./typo.ts";
import { detectQueryLanguage } from "./language.ts";

export interface SqliteFtsOptions {
  /** Database file; defaults to the app's DATABASE_URL. */
  file?: string;
  /** Memory for cached clause match sets, in MiB (default 64). 0 disables the cache (the benchmark's cold runs). */
  clauseCacheMiB?: number;
  /** Smallest match set worth caching (default 1000 rows); tests lower it. */
  cacheMinRows?: number;
  /**
   * Worker threads that segment large upserts (default: one per core, at most 4).
   * 0 segments everything on the calling thread.
   */
  segmentWorkers?: number;
}

const KIND = "__kind";
/**
 * bm25 needs every match's positions; above these many candidates the order
 * inside a tier falls back to the tie-break sort (newest first), as Meilisearch
 * does for documents its rules cannot tell apart. Head fields are short, so
 * scoring them is cheaper than scoring bodies.
 */
const BM25_CAP_HEAD = 250;
const BM25_CAP_BODY = 250;
/** Clause sets smaller than this are cheap to fetch again and are not cached... */
const CACHE_MIN = 1000;
/**
 * ...unless the whole set is this small (indexes of up to 16,384 documents): then the
 * FTS5 statement, not the rows, is the cost, and a query of three words ran some 120 of
 * them on every request (the /search page and /api/search, issue 15 point 3). Such sets
 * are dropped, not patched, on a write (a re-fetch costs one statement each).
 */
const SMALL_SET_BYTES = 2048;
/** Writes of up to this many documents patch the cache instead of dropping it. */
const CACHE_PATCH_MAX = 50;
/** Upserts of at least this many documents are segmented in worker threads; smaller ones on the calling thread. */
const POOL_MIN_DOCS = 32;
/** Documents per job sent to a segmentation worker. */
const POOL_CHUNK = 50;

function fileFromUrl(url: string): string {
  // Anything but file: would become a relative path named after the URL (a stray SQLite
  // file under ./postgresql:/…): refuse it, without repeating the URL (it may hold a password).
  if (!/^file:/i.test(url))
    throw new Error(
      `The embedded search engine needs a SQLite file: DATABASE_URL (its index lives in the app's SQLite file), not a ${url.split(":")[0]}: URL; ` +
        "set SEARCH_ENGINE=postgres or meilisearch for a PostgreSQL deployment",
    );
  const f = url.replace(/^file:/i, "").replace(/\?.*$/, "");
  return path.resolve(f);
}

function q(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

type Bits = Uint32Array;
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
function bitsFrom(rowids: number[], cap: number): Bits {
  const b = new Uint32Array((cap >>> 5) + 1);
  for (const r of rowids) if (r <= cap) b[r >>> 5]! |= 1 << (r & 31);
  return b;
}

interface FacetColumn {
  name: string;
  ids: Map<string, number>;
  values: string[];
  /** First and second value id + 1 (0 = none); v1 = -1 when there are more than two (see multi). */
  v1: Int32Array;
  v2: Int32Array;
  multi: Map<number, number[]>;
}

/** related() answers remembered per index version (a case page each); beyond this many, start over. */
const RELATED_MEMO_MAX = 2000;
/**
 * bm25 score lists remembered per index version (one per ranked table and expression, at most
 * BM25_CAP_HEAD or BM25_CAP_BODY rows each); beyond this many, start over.
 */
const SCORE_MEMO_MAX = 512;
/** Query plans remembered per index version; beyond this many, start over. */
const PLAN_MEMO_MAX = 512;

class Columns {
  version = -1;
  cap = 0;
  maxRowid = 0;
  alive = new Uint8Array(0);
  /** Each document's language as a small id (0 = unknown; langIds maps "zh" → 1, …). */
  lang = new Uint8Array(0);
  langIds = new Map<string, number>();
  facets: FacetColumn[];
  sorts: Float64Array[];
  constructor(
    facetNames: string[],
    public sortNames: string[],
  ) {
    this.facets = facetNames.map((name) => ({
      name,
      ids: new Map(),
      values: [],
      v1: new Int32Array(0),
      v2: new Int32Array(0),
      multi: new Map(),
    }));
    this.sorts = sortNames.map(() => new Float64Array(0));
  }
  private grow(r: number) {
    if (r < this.cap) return;
    let cap = Math.max(1024, this.cap);
    while (cap <= r) cap *= 2;
    const alive = new Uint8Array(cap);
    alive.set(this.alive);
    this.alive = alive;
    const lang = new Uint8Array(cap);
    lang.set(this.lang);
    this.lang = lang;
    for (const f of this.facets) {
      const a = new Int32Array(cap);
      a.set(f.v1);
      f.v1 = a;
      const b = new Int32Array(cap);
      b.set(f.v2);
      f.v2 = b;
    }
    this.sorts = this.sorts.map((old) => {
      const s = new Float64Array(cap).fill(NaN);
      s.set(old);
      return s;
    });
    this.cap = cap;
  }
  set(r: number, facets: string[][], sorts: Array<number | null>, lang = "") {
    this.grow(r);
    this.alive[r] = 1;
    this.lang[r] = this.langId(lang);
    if (r > this.maxRowid) this.maxRowid = r;
    this.facets.forEach((f, i) => {
      const vals = facets[i] ?? [];
      const ids = vals.map((v) => {
        let id = f.ids.get(v);
        if (id === undefined) {
          id = f.values.length;
          f.ids.set(v, id);
          f.values.push(v);
        }
        return id;
      });
      const uniq = [...new Set(ids)];
      f.multi.delete(r);
      f.v1[r] = uniq.length > 2 ? -1 : uniq.length > 0 ? uniq[0]! + 1 : 0;
      f.v2[r] = uniq.length === 2 ? uniq[1]! + 1 : 0;
      if (uniq.length > 2) f.multi.set(r, uniq);
    });
    this.sorts.forEach((s, i) => {
      const v = sorts[i];
      s[r] = v == null ? NaN : v;
    });
  }
  /** The id of a language (0 for none), created on first sight. */
  langId(lang: string | null | undefined): number {
    if (!lang) return 0;
    let id = this.langIds.get(lang);
    if (id === undefined) {
      id = Math.min(255, this.langIds.size + 1);
      this.langIds.set(lang, id);
    }
    return id;
  }
  remove(r: number) {
    if (r < this.cap) this.alive[r] = 0;
  }
}

/**
 * One required part of a query. `all` is what the user typed: an AND of word
 * clauses, each an OR of alternatives (typo variants, the prefix while typing);
 * every match set is cached one by one. `syn` are the expressions of the
 * glossary's synonyms of that text (another language, another name), any of
 * which may stand in for all of `all`.
 */
interface Clause {
  all: string[][];
  syn: string[];
  /** What the user typed for it (folded), named when partial matching drops it. */
  text: string;
}

interface Plan {
  /** ANDed clauses. */
  clauses: Clause[];
  /**
   * NEAR groups of the Chinese runs cut into several words and of consecutive
   * Latin words (each an OR with the synonyms of that text): not required for a
   * match, but documents matching all of them rank first (Meilisearch's
   * "proximity" rule, which comes before "attribute").
   */
  near: string[][];
  /** Whether any clause has synonyms (matches through them rank below exact ones). */
  synonyms: boolean;
  expr: string;
  terms: HighlightTerms;
}

/** A glossary term as queries meet it, and how the index is searched for it. */
interface SynonymTerm {
  group: number;
  /** Folded form: the Chinese run, or the Latin words joined by spaces. */
  key: string;
  han: boolean;
  /** Latin words (empty for a Chinese term). */
  words: string[];
  /** FTS5 expression finding the term: a word, a phrase, or the words of a Chinese term close together. */
  expr: string;
}

interface Synonyms {
  terms: SynonymTerm[];
  byGroup: Map<number, SynonymTerm[]>;
  /** Chinese terms by their text (matched against a query's words). */
  hanByKey: Map<string, SynonymTerm>;
  /** Latin terms by first word, longest first. */
  byFirstWord: Map<string, SynonymTerm[]>;
}

/** Prepares the schema's synonym groups for query expansion (query time only: the index does not change). */
function buildSynonyms(groups: string[][] | undefined): Synonyms {
  const terms: SynonymTerm[] = [];
  (groups ?? []).forEach((group, g) => {
    const seen = new Set<string>();
    for (const term of group) {
      const parts = segmentQuery(term);
      if (parts.length === 0) continue;
      let t: SynonymTerm | undefined;
      if (parts.length === 1 && parts[0]!.kind === "han") {
        const toks = parts[0]!.tokens.map(q);
        t = {
          group: g,
          key: parts[0]!.raw,
          han: true,
          words: [],
          expr: toks.length === 1 ? toks[0]! : `NEAR(${toks.join(" ")}, ${toks.length + 2})`,
        };
      } else if (parts.every((x) => x.kind === "word")) {
        const words = parts.map((x) => (x as { token: string }).token);
        t = { group: g, key: words.join(" "), han: false, words, expr: q(words.join(" ")) };
      }
      // Terms mixing Chinese and Latin are not expanded (none in the glossary).
      if (t && !seen.has(t.key)) {
        seen.add(t.key);
        terms.push(t);
      }
    }
  });
  const byGroup = new Map<number, SynonymTerm[]>();
  for (const t of terms) byGroup.set(t.group, [...(byGroup.get(t.group) ?? []), t]);
  const hanByKey = new Map<string, SynonymTerm>();
  for (const t of terms) if (t.han && !hanByKey.has(t.key)) hanByKey.set(t.key, t);
  const byFirstWord = new Map<string, SynonymTerm[]>();
  for (const t of terms.filter((x) => !x.han))
    byFirstWord.set(t.words[0]!, [...(byFirstWord.get(t.words[0]!) ?? []), t]);
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { terms, byGroup, hanByKey, byFirstWord };
}

/** A span of the query, with the glossary term it is (or, misspelt, was meant to be). */
interface QueryUnit {
  parts: QueryPart[];
  syn?: SynonymTerm;
  misspelt?: boolean;
}

/**
 * The Latin glossary term that the words from `parts[i]` on spell with typos, or
 * undefined. Only words the index does not know may
 * be misspelt (a word in the index is taken as typed); each within the typo rule of
 * typo.ts (5+ letters one typo, 9+ two). The longest term wins, then the fewest
 * typos, then glossary order. Exported for the PostgreSQL engine, which follows the same rule.
 */
export function glossaryTermWithin<T extends { han: boolean; words: string[] }>(
  syn: { terms: T[]; byFirstWord: Map<string, T[]> },
  parts: QueryPart[],
  i: number,
  known: (word: string) => boolean,
): T | undefined {
  const first = parts[i];
  if (first?.kind !== "word") return undefined;
  // A known first word is taken as typed: only the terms it begins can follow with a typo.
  const firstKnown = known(first.token);
  if (firstKnown && !syn.byFirstWord.has(first.token)) return undefined;
  const candidates = firstKnown ? syn.byFirstWord.get(first.token)! : syn.terms;
  let best: { t: T; cost: number } | undefined;
  for (const t of candidates) {
    if (t.han || (best && t.words.length < best.t.words.length)) continue;
    if (!firstKnown && Math.abs(t.words[0]!.length - first.token.length) > 2) continue;
    let cost = 0;
    let typos = 0;
    for (let k = 0; k < t.words.length && cost >= 0; k++) {
      const part = parts[i + k];
      if (part?.kind !== "word") cost = -1;
      else if (part.token !== t.words[k]) {
        const w = part.token;
        const max = allowedTypos(w);
        const c = max > 0 && !known(w) ? typoCost(w, t.words[k]!, max) : max + 1;
        if (c > max) cost = -1;
        else {
          cost += c;
          typos++;
        }
      }
    }
    if (cost < 0 || typos === 0) continue;
    if (!best || t.words.length > best.t.words.length || cost < best.cost) best = { t, cost };
  }
  return best?.t;
}

/** The FTS5 expression of an AND of clauses (used for bm25). */
function exprOf(clauses: Clause[]): string {
  const or = (alts: string[]) => (alts.length === 1 ? alts[0]! : `(${alts.join(" OR ")})`);
  return clauses
    .map((c) => {
      const exact = c.all.map(or).join(" AND ");
      return c.syn.length ? `(${c.all.length > 1 ? `(${exact})` : exact} OR ${c.syn.join(" OR ")})` : exact;
    })
    .join(" AND ");
}

/** One FTS5 expression matching any of the terms. */
function synonymExpr(terms: SynonymTerm[]): string {
  return terms.length === 1 ? terms[0]!.expr : `(${terms.map((t) => t.expr).join(" OR ")})`;
}

/** Column-restricted form of an expression (a bare phrase needs no parentheses; cache keys stay as before). */
function inColumn(column: string, expr: string): string {
  if (!column) return expr;
  return /^"(?:[^"]|"")*"\*?$/.test(expr) ? `${column}${expr}` : `${column}(${expr})`;
}

export class SqliteFtsEngine implements SearchEngine {
  readonly name = "embedded";
  private db: Database.Database;
  private schema?: IndexSchema;
  private p = "";
  private cols?: Columns;
  private vocab = new Vocabulary();
  private vocabVersion = -1;
  private cache = new Map<string, Bits>();
  /**
   * related() answers for the index version they were computed at: every case page asks
   * for its case's related cases, and each answer parsed the whole stored document and
   * segmented its title (~1.3 ms of a case page's render, issue 15.1). Any write bumps the
   * version (in any process), so an answer is never older than the index.
   */
  private relatedMemo = { version: -1, hits: new Map<string, SearchHit[]>() };
  /**
   * bm25 scores by table and MATCH expression for the index version they were computed at.
   * Relevance ranking ran two or three bm25 statements on every search (~0.7 ms of the
   * /search page, issue 15.1), and the next page, a filter or a sort tie of the same words
   * asks for the same scores. They depend on the whole index (document counts, lengths), so
   * any write (a new version, in any process) starts over.
   */
  private scoreMemo = { version: -1, scores: new Map<string, Map<number, number>>() };
  /**
   * Plans by query text for the index version they were made at: making one segments the
   * query and looks its words up in the vocabulary (typo alternatives) and the synonyms; the
   * next page or a filter of the same words asks again. A write can add words to the
   * vocabulary, so a new version starts over. Plans are not changed after they are made.
   */
  private planMemo = { version: -1, plans: new Map<string, Plan>() };
  private cacheBytes: number;
  private cacheUsed = 0;
  private cacheMin: number;
  /** Keys of cached sets under cacheMin rows (SMALL_SET_BYTES): dropped on every write. */
  private smallKeys = new Set<string>();
  private stmts: Record<string, Database.Statement> = {};
  private segmentWorkers: number;
  private synonymGroups: string[][] = [];
  private builtSynonyms: Synonyms | null = null;
  /** Writes (upsert, delete, clear) applied one after another in call order. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(opts: SqliteFtsOptions = {}) {
    this.segmentWorkers = opts.segmentWorkers ?? defaultSegmentWorkers();
    const file = opts.file ?? fileFromUrl(databaseUrl());
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.cacheBytes = (opts.clauseCacheMiB ?? 64) * 2 ** 20;
    this.cacheMin = opts.cacheMinRows ?? CACHE_MIN;
    try {
      this.db = new Database(file, { timeout: 5000 });
      useWalMode(this.db);
      this.db.pragma("synchronous = NORMAL");
    } catch (err) {
      throw new SearchUnavailableError(`embedded search database cannot be opened: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  /**
   * The schema's synonym groups, prepared on first use: they are segmented, and the
   * segmenter loads with the first search or indexed write, not with the engine.
   */
  private get synonyms(): Synonyms {
    return (this.builtSynonyms ??= buildSynonyms(this.synonymGroups));
  }

  private get s(): IndexSchema {
    if (!this.schema) throw new SearchEngineError("ensureIndex(schema) must be called first", "no_index");
    return this.schema;
  }

  /**
   * A write transaction that takes the write lock when it begins (BEGIN
   * IMMEDIATE). better-sqlite3's transaction() begins DEFERRED: one that reads
   * first cannot become a writer once another process wrote meanwhile, and SQLite
   * answers "database is locked" at once instead of waiting out the busy timeout
   * (two server processes indexing at the same moment failed that way).
   */
  private immediate<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    const tx = this.db.transaction(fn);
    return (...args: A) => tx.immediate(...args);
  }

  private stmt(key: string, sql: string): Database.Statement {
    return (this.stmts[key] ??= this.db.prepare(withPlanStableLimit(sql)));
  }

  async ensureIndex(schema: IndexSchema): Promise<void> {
    if (!/^[A-Za-z0-9_]+$/.test(schema.name)) throw new SearchEngineError(`bad index name ${schema.name}`, "bad_name");
    if (schema.searchable.length === 0) throw new SearchEngineError("an index needs searchable fields", "bad_schema");
    const p = `search_${schema.name}_`;
    const wanted = JSON.stringify({
      searchable: schema.searchable,
      head: headCount(schema),
      facets: schema.facets,
      sortables: schema.sortables,
      dictionary: schema.dictionary ?? [],
      // Only when set, so indexes without a language keep their shape (no rebuild).
      ...(schema.language ? { language: schema.language } : {}),
      // An index cut with another dictionary is rebuilt: queries are cut with this one (ADR 078).
      segmenter: SEGMENTER,
    });
    if (schema.dictionary?.length) addTerms(schema.dictionary);
    const cols = schema.searchable.map((_, i) => `c${i}`);
    const head = cols.slice(0, headCount(schema));
    this.wrap(() => {
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${p}meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)`);
      const current = this.db.prepare(`SELECT v FROM ${p}meta WHERE k = 'schema'`).pluck().get() as string | undefined;
      this.immediate(() => {
        if (current !== undefined && current !== wanted) {
          // A different shape: the old index cannot be reused; the domain reindexes.
          for (const t of ["fts", "head", "docs", "vocab", "terms"]) this.db.exec(`DROP TABLE IF EXISTS ${p}${t}`);
        }
        const tokenize = `tokenize = 'unicode61 remove_diacritics 2'`;
        this.db.exec(`
          CREATE TABLE IF NOT EXISTS ${p}docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, fields TEXT NOT NULL, attrs TEXT NOT NULL);
          CREATE VIRTUAL TABLE IF NOT EXISTS ${p}fts USING fts5(${cols.join(", ")}, content = '', contentless_delete = 1, ${tokenize});
          CREATE VIRTUAL TABLE IF NOT EXISTS ${p}head USING fts5(${head.join(", ")}, content = '', contentless_delete = 1, ${tokenize});
          CREATE TABLE IF NOT EXISTS ${p}vocab (term TEXT PRIMARY KEY) WITHOUT ROWID;
          CREATE TABLE IF NOT EXISTS ${p}terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
          INSERT INTO ${p}meta (k, v) VALUES ('schema', '${wanted.replace(/'/g, "''")}') ON CONFLICT (k) DO UPDATE SET v = excluded.v;
          INSERT INTO ${p}meta (k, v) VALUES ('version', '0') ON CONFLICT (k) DO NOTHING;
        `);
        if (current !== undefined && current !== wanted) this.bump(p);
      })();
    });
    this.schema = schema;
    this.synonymGroups = schema.synonyms ?? [];
    this.builtSynonyms = null;
    this.p = p;
    this.stmts = {};
    this.cols = undefined;
    this.clearCache();
    this.vocab.clear();
    this.vocabVersion = -1;
  }

  private wrap<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      const code = (err as { code?: string }).code ?? "";
      if (
        code === "SQLITE_BUSY" ||
        code === "SQLITE_LOCKED" ||
        code === "SQLITE_CANTOPEN" ||
        code === "SQLITE_IOERR" ||
        !this.db.open
      ) {
        throw new SearchUnavailableError(`embedded search unavailable: ${(err as Error).message}`, { cause: err });
      }
      if (err instanceof Error && (err.name === "SearchEngineError" || err.name === "SearchUnavailableError"))
        throw err;
      throw new SearchEngineError(`embedded search failed: ${(err as Error).message}`, code || undefined, {
        cause: err,
      });
    }
  }

  private bump(p = this.p): number {
    this.db.prepare(`UPDATE ${p}meta SET v = CAST(v AS INTEGER) + 1 WHERE k = 'version'`).run();
    return Number(this.db.prepare(`SELECT v FROM ${p}meta WHERE k = 'version'`).pluck().get());
  }

  private version(): number {
    return Number(this.stmt("version", `SELECT v FROM ${this.p}meta WHERE k = 'version'`).pluck().get());
  }

  /** Load (or reload after another process wrote) the in-memory columns. */
  private fresh(): Columns {
    const s = this.s;
    const v = this.version();
    if (this.cols && this.cols.version === v) return this.cols;
    const cols = new Columns([KIND, ...s.facets], s.sortables);
    for (const row of this.stmt("allAttrs", `SELECT rowid, kind, attrs FROM ${this.p}docs`).raw().iterate() as Iterable<
      [number, string, string]
    >) {
      const a = JSON.parse(row[2]) as { f: string[][]; s: Array<number | null>; l?: string };
      cols.set(row[0], [[row[1]], ...a.f], a.s, a.l);
    }
    cols.version = v;
    this.cols = cols;
    this.clearCache();
    if (this.vocabVersion !== v) {
      this.vocab.add(this.stmt("vocabAll", `SELECT term FROM ${this.p}vocab`).pluck().all() as string[]);
      this.vocabVersion = v;
    }
    return cols;
  }

  private attrsOf(doc: SearchDocument): { f: string[][]; s: Array<number | null>; l?: string } {
    const s = this.s;
    return {
      ...(s.language ? { l: fieldText(doc.fields[s.language]) } : {}),
      // A facet named "kind" falls back to the document's kind.
      f: s.facets.map((f) => facetValues(f === "kind" && doc.fields[f] === undefined ? doc.kind : doc.fields[f])),
      s: s.sortables.map((k) => toNumber(doc.fields[k])),
    };
  }

  /**
   * Runs a write after the writes called before it. Upserts segment their documents
   * as soon as they are called (in worker threads when large), so a caller that keeps
   * two upserts in flight has the next batch segmented while this one is written.
   */
  private serially<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.writes.then(fn);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Segmented fields and word counts for documents' searchable texts, in order. */
  private async segment(raw: string[][]): Promise<SegmentedChunk> {
    if (this.segmentWorkers <= 0 || raw.length < POOL_MIN_DOCS) return segmentChunkInline(raw);
    const pool = segmentPool(this.segmentWorkers, dictionaryTerms());
    const jobs: Array<Promise<SegmentedChunk>> = [];
    for (let i = 0; i < raw.length; i += POOL_CHUNK) {
      const chunk = raw.slice(i, i + POOL_CHUNK);
      jobs.push(
        pool.run(chunk).catch((err: unknown) => {
          // A worker that cannot start or dies costs speed, never correctness.
          if (!this.poolFailed)
            logger.warn({ err }, "search segmentation worker failed; segmenting on the main thread");
          this.poolFailed = true;
          return segmentChunkInline(chunk);
        }),
      );
    }
    const parts = await Promise.all(jobs);
    if (parts.length === 1) return parts[0]!;
    const texts = parts.flatMap((p) => p.texts);
    const df = parts[0]!.df;
    for (const p of parts.slice(1)) for (const [w, n] of p.df) df.set(w, (df.get(w) ?? 0) + n);
    return { texts, df };
  }
  private poolFailed = false;

  async upsert(docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const s = this.s;
    const segmented = this.segment(docs.map((d) => s.searchable.map((f) => fieldText(d.fields[f]))));
    // Keep the rejection handled while earlier writes finish; it is rethrown below.
    segmented.catch(() => undefined);
    return this.serially(async () => this.write(docs, await segmented));
  }

  private write(docs: SearchDocument[], { texts: segmented, df }: SegmentedChunk): void {
    const s = this.s;
    const n = s.searchable.length;
    const headN = headCount(s);
    const prepared = docs.map((d, i) => ({ d, texts: segmented[i]!, attrs: this.attrsOf(d) }));
    // Stored: what hits show plus what highlights and snippets are cut from.
    const stored = s.displayed
      ? [...new Set([...s.displayed, ...(s.highlight ?? []), ...(s.snippet ?? [])])]
      : undefined;
    const fieldsJson = (d: SearchDocument) => JSON.stringify(pick(d.fields, stored));
    const cols = this.cols;
    const fts = this.stmt(
      "ftsIns",
      `INSERT INTO ${this.p}fts (rowid, ${s.searchable.map((_, i) => `c${i}`).join(", ")}) VALUES (?${", ?".repeat(n)})`,
    );
    const head = this.stmt(
      "headIns",
      `INSERT INTO ${this.p}head (rowid, ${Array.from({ length: headN }, (_, i) => `c${i}`).join(", ")}) VALUES (?${", ?".repeat(headN)})`,
    );
    const find = this.stmt("findId", `SELECT rowid FROM ${this.p}docs WHERE id = ?`).pluck();
    const upd = this.stmt("docUpd", `UPDATE ${this.p}docs SET kind = ?, fields = ?, attrs = ? WHERE rowid = ?`);
    const ins = this.stmt("docIns", `INSERT INTO ${this.p}docs (id, kind, fields, attrs) VALUES (?, ?, ?, ?)`);
    const delF = this.stmt("ftsDel", `DELETE FROM ${this.p}fts WHERE rowid = ?`);
    const delH = this.stmt("headDel", `DELETE FROM ${this.p}head WHERE rowid = ?`);
    const vIns = this.stmt("vocabIns", `INSERT OR IGNORE INTO ${this.p}vocab (term) VALUES (?)`);
    const dfAdd = this.stmt(
      "dfAdd",
      `INSERT INTO ${this.p}terms (term, df) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = df + excluded.df`,
    );
    // Document frequencies (approximate: never decremented) choose what warm() caches;
    // they were counted with the segmentation. The Latin words among them feed typo expansion.
    const newWords: string[] = [];
    for (const w of latinWords(df.keys())) if (!this.vocab.has(w)) newWords.push(w);
    this.wrap(() =>
      this.immediate(() => {
        const before = this.version();
        const applied: Array<[number, (typeof prepared)[number]]> = [];
        for (const item of prepared) {
          const { d, texts, attrs } = item;
          let rowid = find.get(d.id) as number | undefined;
          if (rowid !== undefined) {
            delF.run(rowid);
            delH.run(rowid);
            upd.run(d.kind, fieldsJson(d), JSON.stringify(attrs), rowid);
          } else {
            rowid = Number(ins.run(d.id, d.kind, fieldsJson(d), JSON.stringify(attrs)).lastInsertRowid);
          }
          fts.run(rowid, ...texts);
          head.run(rowid, ...texts.slice(0, headN));
          applied.push([rowid, item]);
        }
        for (const w of this.vocab.add(newWords)) vIns.run(w);
        for (const [w, n] of df) dfAdd.run(w, n);
        const after = this.bump();
        // Small writes (the outbox job's) patch the cached match sets so searches stay
        // warm; bulk loads and writes by another process drop them.
        if (cols && cols.version === before && applied.length <= CACHE_PATCH_MAX)
          this.patchCache(applied.map((a) => a[0]));
        else this.clearCache();
        if (cols && cols.version === before) {
          for (const [r, { d, attrs }] of applied) cols.set(r, [[d.kind], ...attrs.f], attrs.s, attrs.l);
          cols.version = after;
        }
        if (this.vocabVersion === before) this.vocabVersion = after;
      })(),
    );
  }

  async delete(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    return this.serially(() => this.remove(ids));
  }

  private remove(ids: string[]): void {
    const find = this.stmt("findId", `SELECT rowid FROM ${this.p}docs WHERE id = ?`).pluck();
    const delF = this.stmt("ftsDel", `DELETE FROM ${this.p}fts WHERE rowid = ?`);
    const delH = this.stmt("headDel", `DELETE FROM ${this.p}head WHERE rowid = ?`);
    const delD = this.stmt("docDel", `DELETE FROM ${this.p}docs WHERE rowid = ?`);
    const cols = this.cols;
    this.wrap(() =>
      this.immediate(() => {
        const before = this.version();
        const gone: number[] = [];
        for (const id of ids) {
          const r = find.get(id) as number | undefined;
          if (r === undefined) continue;
          delF.run(r);
          delH.run(r);
          delD.run(r);
          gone.push(r);
        }
        const after = this.bump();
        if (cols && cols.version === before) {
          for (const bits of this.cache.values())
            for (const r of gone) if (r >>> 5 < bits.length) bits[r >>> 5]! &= ~(1 << (r & 31));
        } else this.clearCache();
        if (cols && cols.version === before) {
          for (const r of gone) cols.remove(r);
          cols.version = after;
        }
        if (this.vocabVersion === before) this.vocabVersion = after;
      })(),
    );
  }

  async clear(): Promise<void> {
    return this.serially(() => this.clearNow());
  }

  private clearNow(): void {
    this.wrap(() =>
      this.immediate(() => {
        for (const t of ["fts", "head", "docs", "vocab", "terms"]) this.db.exec(`DELETE FROM ${this.p}${t}`);
        this.bump();
      })(),
    );
    this.cols = undefined;
    this.clearCache();
    this.vocab.clear();
    this.vocabVersion = -1;
  }

  async count(): Promise<number> {
    return this.wrap(() => Number(this.stmt("count", `SELECT count(*) FROM ${this.p}docs`).pluck().get()));
  }

  async health(): Promise<EngineHealth> {
    try {
      return { ok: true, engine: this.name, documents: await this.count() };
    } catch (err) {
      return { ok: false, engine: this.name, detail: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.writes;
    if (this.db.open) this.db.close();
  }

  // ---------------------------------------------------------------- querying

  /**
   * The query's parts, with the spans that are glossary terms marked: a Chinese
   * run is split around the terms it contains (longest first), consecutive Latin
   * words are matched against multi-word terms (longest first).
   */
  private queryUnits(text: string): QueryUnit[] {
    const parts = segmentQuery(text);
    const syn = this.synonyms;
    if (syn.terms.length === 0) return parts.map((p) => ({ parts: [p] }));
    const units: QueryUnit[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.kind === "han") {
        // Glossary terms are looked for among the run's words (jieba's default cut),
        // longest sequence of words first, so a term is only taken where it is a word
        // of the query: 标准 is a term, but 标准化 is not 标准 + 化.
        const words = cutWords(part.raw);
        const pieces: Array<{ text: string; syn?: SynonymTerm }> = [];
        let plain = "";
        for (let i = 0; i < words.length;) {
          let found: { t: SynonymTerm; end: number } | undefined;
          for (let j = words.length; j > i && !found; j--) {
            const t = syn.hanByKey.get(words.slice(i, j).join(""));
            if (t) found = { t, end: j };
          }
          if (found) {
            if (plain) pieces.push({ text: plain });
            plain = "";
            pieces.push({ text: found.t.key, syn: found.t });
            i = found.end;
          } else plain += words[i++];
        }
        if (plain) pieces.push({ text: plain });
        if (!pieces.some((x) => x.syn)) {
          // No term inside: the run's own cut, exactly as without a glossary.
          units.push({ parts: [part] });
          continue;
        }
        for (const piece of pieces) {
          const cut = segmentQuery(piece.text);
          if (cut.length) units.push({ parts: cut, syn: piece.syn });
        }
        continue;
      }
      const t = (syn.byFirstWord.get(part.token) ?? []).find((x) =>
        x.words.every((w, k) => parts[i + k]?.kind === "word" && (parts[i + k] as { token: string }).token === w),
      );
      if (t) {
        units.push({ parts: parts.slice(i, i + t.words.length), syn: t });
        i += t.words.length - 1;
        continue;
      }
      // A misspelt glossary term (certifcation, ceramc, cold chian) finds its synonyms
      // as the term typed correctly would: the typo rule decides which term was meant.
      const misspelt = glossaryTermWithin(syn, parts, i, (w) => this.vocab.has(w));
      if (misspelt) {
        units.push({ parts: parts.slice(i, i + misspelt.words.length), syn: misspelt, misspelt: true });
        i += misspelt.words.length - 1;
      } else units.push({ parts: [part] });
    }
    return units;
  }

  /** The other terms of a glossary term's group. */
  private synonymsOf(term: SynonymTerm): SynonymTerm[] {
    return (this.synonyms.byGroup.get(term.group) ?? []).filter((t) => t.key !== term.key);
  }

  /** plan(text), remembered for the index version (planMemo). */
  private planAt(version: number, text: string): Plan {
    const memo = this.planMemo;
    if (memo.version !== version || memo.plans.size >= PLAN_MEMO_MAX) {
      memo.version = version;
      memo.plans.clear();
    }
    let plan = memo.plans.get(text);
    if (!plan) {
      plan = this.plan(text);
      memo.plans.set(text, plan);
    }
    return plan;
  }

  /** Turn the user's text into FTS5 clauses (ANDed) and the terms to highlight. */
  private plan(text: string): Plan {
    const units = this.queryUnits(text);
    const typing = !/\s$/.test(text);
    const clauses: Clause[] = [];
    const near: string[][] = [];
    const terms: HighlightTerms = { words: new Set(), prefixes: [], han: [] };
    const lastPart = units.at(-1)?.parts.at(-1);
    // Consecutive Latin words ("quality standard") form a proximity group too, on
    // their exact forms (typo alternatives still match, they just do not rank first).
    let phrase: string[] = [];
    const endPhrase = () => {
      if (phrase.length > 1) near.push([`NEAR(${phrase.join(" ")}, ${phrase.length + 2})`]);
      phrase = [];
    };
    for (const unit of units) {
      // The word clauses of this unit, and its own proximity group.
      const own: string[][] = [];
      const ownText: string[] = [];
      const ownPhrase: string[] = [];
      for (const part of unit.parts) {
        const last = typing && part === lastPart;
        if (part.kind === "word") {
          const w = part.token;
          ownPhrase.push(last && w.length >= 2 ? `${q(w)}*` : q(w));
          const alts = [q(w), ...this.vocab.expand(w).map(q)];
          terms.words.add(w);
          for (const a of this.vocab.expand(w)) terms.words.add(a);
          // Prefix search on the last word, as in as-you-type; one letter would match everything.
          if (last && w.length >= 2) {
            alts.push(`${q(w)}*`);
            terms.prefixes.push(w);
          }
          own.push(alts);
          ownText.push(part.raw);
        } else {
          endPhrase();
          const toks = part.tokens;
          terms.han.push(part.raw, ...toks.filter((t) => t.length >= 2 || toks.length === 1));
          const phrases = toks.map((t, j) => (last && j === toks.length - 1 && t.length === 1 ? `${q(t)}*` : q(t)));
          // Every word of the run is required, anywhere in the document (as Meilisearch
          // requires all words: 检测认证 finds a text with 检测平台 … 认证服务站). Texts with
          // the words together rank first: NEAR with a small window, since segmentation
          // of a query and of a text can differ at the edges.
          for (const ph of phrases) own.push([ph]);
          ownText.push(...toks);
          if (phrases.length > 1) near.push([`NEAR(${phrases.join(" ")}, ${phrases.length + 2})`]);
        }
      }
      // A misspelt term's synonyms include the term itself (what the user meant to type).
      const others = unit.syn
        ? unit.misspelt
          ? (this.synonyms.byGroup.get(unit.syn.group) ?? [])
          : this.synonymsOf(unit.syn)
        : [];
      if (others.length === 0) {
        own.forEach((alts, k) => clauses.push({ all: [alts], syn: [], text: ownText[k] ?? "" }));
        if (unit.parts.every((p) => p.kind === "word")) phrase.push(...ownPhrase);
        continue;
      }
      // A glossary term: its words, or any of its synonyms, stand for the whole span.
      // The synonyms are one expression (one FTS5 query, one cached set per table and column).
      const syn = [synonymExpr(others)];
      for (const t of others) {
        if (t.han) terms.han.push(t.key);
        else for (const w of t.words) if (w.length >= 2) terms.words.add(w);
      }
      clauses.push({
        all: own,
        syn,
        text: unit.parts.map((p) => p.raw).join(unit.parts.every((p) => p.kind === "word") ? " " : ""),
      });
      if (unit.parts.every((p) => p.kind === "word")) {
        endPhrase();
        if (ownPhrase.length > 1) near.push([`NEAR(${ownPhrase.join(" ")}, ${ownPhrase.length + 2})`, ...syn]);
      } else {
        // The run's NEAR group (pushed above) may be met by a synonym instead.
        const mine =
          unit.parts.length === 1 && unit.parts[0]!.kind === "han" && unit.parts[0]!.tokens.length > 1
            ? near.pop()
            : undefined;
        if (mine) near.push([...mine, ...syn]);
      }
    }
    endPhrase();
    return { clauses, near, synonyms: clauses.some((c) => c.syn.length > 0), expr: exprOf(clauses), terms };
  }

  /** Re-test every cached clause against the given (new or replaced) rowids. */
  private patchCache(rowids: number[]) {
    this.dropSmallSets();
    if (this.cache.size === 0) return;
    const list = JSON.stringify(rowids);
    const maxR = Math.max(...rowids);
    for (const [key, old] of [...this.cache]) {
      const bar = key.indexOf("|");
      const table = key.slice(0, bar);
      const hits = new Set(
        this.stmt(
          `p_${table}`,
          `SELECT rowid FROM ${this.p}${table} WHERE ${this.p}${table} MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
        )
          .pluck()
          .all(key.slice(bar + 1), list) as number[],
      );
      let bits = old;
      if (maxR >>> 5 >= bits.length) {
        bits = new Uint32Array((maxR >>> 5) + 1);
        bits.set(old);
        this.cacheUsed += bits.byteLength - old.byteLength;
        this.cache.set(key, bits);
      }
      for (const r of rowids) {
        if (hits.has(r)) bits[r >>> 5]! |= 1 << (r & 31);
        else bits[r >>> 5]! &= ~(1 << (r & 31));
      }
    }
  }

  /** Forgets the small cached sets (SMALL_SET_BYTES): cheaper to fetch again than to patch. */
  private dropSmallSets() {
    for (const key of this.smallKeys) {
      const bits = this.cache.get(key);
      if (bits) this.cacheUsed -= bits.byteLength;
      this.cache.delete(key);
    }
    this.smallKeys.clear();
  }

  private clearCache() {
    this.cache.clear();
    this.scoreMemo.scores.clear();
    this.planMemo.plans.clear();
    this.smallKeys.clear();
    this.cacheUsed = 0;
  }

  /** Union of the alternatives' match sets (the cached set itself when there is one alternative). */
  private clauseSet(table: string, alts: string[], cap: number, column: string): Bits {
    if (alts.length === 1) return this.clauseBits(table, inColumn(column, alts[0]!), cap).bits;
    const out = new Uint32Array((cap >>> 5) + 1);
    for (const a of alts) {
      const b = this.clauseBits(table, inColumn(column, a), cap).bits;
      const n = Math.min(out.length, b.length);
      for (let i = 0; i < n; i++) out[i]! |= b[i]!;
    }
    return out;
  }

  /** A clause's match set: every word clause of what was typed, or (withSynonyms) any synonym. */
  private clauseMatch(table: string, clause: Clause, cap: number, column: string, withSynonyms: boolean): Bits {
    let out: Bits | null = null;
    for (const alts of clause.all) {
      const bits = this.clauseSet(table, alts, cap, column);
      if (!out) out = clause.all.length === 1 && !(withSynonyms && clause.syn.length) ? bits : bits.slice();
      else for (let i = 0; i < out.length; i++) out[i]! &= bits[i]!;
    }
    if (withSynonyms && clause.syn.length) {
      const syn = this.clauseSet(table, clause.syn, cap, column);
      if (!out) return syn;
      const n = Math.min(out.length, syn.length);
      for (let i = 0; i < n; i++) out[i]! |= syn[i]!;
    }
    return out ?? new Uint32Array((cap >>> 5) + 1);
  }

  /** Documents matching every clause (a fresh set, safe to modify). */
  private allClauses(
    table: string,
    clauses: Clause[],
    cap: number,
    column: string,
    withSynonyms: boolean,
  ): Bits | null {
    let out: Bits | null = null;
    for (const c of clauses) {
      const bits = this.clauseMatch(table, c, cap, column, withSynonyms);
      if (!out) out = bits.slice();
      else for (let i = 0; i < out.length; i++) out[i]! &= bits[i]!;
    }
    return out;
  }

  /**
   * Fill the clause cache with the match sets of the most frequent words and the
   * domain compounds, so the first searches after a start or a bulk load do not pay
   * for the largest posting lists. Returns the number of sets cached.
   */
  async warm(words = 200): Promise<number> {
    return this.wrap(() => {
      const s = this.s;
      const cols = this.fresh();
      const cap = cols.maxRowid;
      const tiers = headCount(s);
      const top = this.stmt("topTerms", `SELECT term FROM ${this.p}terms ORDER BY df DESC LIMIT ?`)
        .pluck()
        .all(words) as string[];
      // The compounds and the synonyms are planned with the segmenter, which a start does
      // not load (~60 MiB, ~250 ms) for a warm-up: until a search or an indexed write loads
      // it, their sets are cached as searches meet them.
      const segmented = segmenterLoaded();
      const dictionary = segmented ? [...DOMAIN_TERMS, ...(s.dictionary ?? [])] : [];
      const compounds = dictionary.flatMap((t) => this.plan(t).clauses);
      // The synonyms of frequent words: a query for 品牌 also needs brand, brands, branding.
      const frequent = new Set(top);
      const synonyms = (segmented ? this.synonyms.terms : [])
        .filter((t) => frequent.has(t.key) && this.synonymsOf(t).length)
        .map((t) => synonymExpr(this.synonymsOf(t)));
      const alts = [
        ...new Set([...top.map((t) => q(t)), ...compounds.flatMap((c) => [...c.all.flat(), ...c.syn]), ...synonyms]),
      ];
      for (const alt of alts) {
        if (this.cacheUsed > this.cacheBytes * 0.75) break;
        this.clauseBits("fts", alt, cap);
        for (let c = 0; c < tiers; c++) this.clauseBits("head", inColumn(`{c${c}} : `, alt), cap);
      }
      // The compounds' proximity groups, used to rank (body table only).
      for (const n of dictionary.flatMap((t) => this.plan(t).near.flat())) {
        if (this.cacheUsed > this.cacheBytes * 0.75) break;
        this.clauseBits("fts", n, cap);
      }
      return this.cache.size;
    });
  }

  /** Entries in the clause cache (for tests). */
  get cachedClauses(): number {
    return this.cache.size;
  }

  private clauseBits(table: string, clause: string, cap: number): { bits: Bits; size: number } {
    const key = `${table}|${clause}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return { bits: hit, size: -1 };
    }
    const rows = this.stmt(`m_${table}`, `SELECT rowid FROM ${this.p}${table} WHERE ${this.p}${table} MATCH ?`)
      .pluck()
      .all(clause) as number[];
    const bits = bitsFrom(rows, cap);
    const small = rows.length < this.cacheMin;
    if (this.cacheBytes > 0 && (!small || bits.byteLength <= SMALL_SET_BYTES)) {
      this.cache.set(key, bits);
      if (small) this.smallKeys.add(key);
      this.cacheUsed += bits.byteLength;
      while (this.cacheUsed > this.cacheBytes) {
        const [oldKey, old] = this.cache.entries().next().value!;
        this.cache.delete(oldKey);
        this.smallKeys.delete(oldKey);
        this.cacheUsed -= old.byteLength;
      }
    }
    return { bits, size: rows.length };
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const t0 = performance.now();
    return this.wrap(() => {
      const s = this.s;
      const cols = this.fresh();
      const { page, perPage, offset } = pageOf(query);
      const need = offset + perPage;
      const plan = this.planAt(cols.version, query.q ?? "");
      const cap = cols.maxRowid;
      const language = query.language === undefined ? detectQueryLanguage(query.q ?? "") : query.language;
      const lang = s.language && language ? (cols.langIds.get(language) ?? 0) : 0;

      // 1. Matched set: AND of clause sets (all documents for an empty query).
      const match = this.allClauses("fts", plan.clauses, cap, "", true);

      // 2. Filters (OR within a facet, AND across) and facet counts in one pass.
      const filters: Array<{ fi: number; sel: Uint8Array }> = [];
      const filterEntries = Object.entries(query.filters ?? {}).filter(([, v]) => v && v.length);
      if (query.kind) filterEntries.push([KIND, [query.kind]]);
      for (const [name, vals] of filterEntries) {
        const fi = cols.facets.findIndex((f) => f.name === name);
        if (fi < 0) throw new SearchEngineError(`"${name}" is not a facet of ${s.name}`, "bad_filter");
        const f = cols.facets[fi]!;
        const sel = new Uint8Array(f.values.length);
        for (const v of vals) {
          const id = f.ids.get(v);
          if (id !== undefined) sel[id] = 1;
        }
        filters.push({ fi, sel });
      }
      if (filters.length > 8) throw new SearchEngineError("too many filtered facets", "bad_filter");
      const wantFacets = (query.facets ?? []).map((name) => {
        const fi = cols.facets.findIndex((f) => f.name === name);
        if (fi < 0 || name === KIND) throw new SearchEngineError(`"${name}" is not a facet of ${s.name}`, "bad_facet");
        return fi;
      });
      // Matched rowids, then one failure mask per matched document: bit j set when
      // it fails filter j. A document failing only facet f's filter still counts
      // for f (its counts are "as if its own selection were cleared").
      const filterPass = (matched: Int32Array) => {
        const fail = new Uint8Array(matched.length);
        filters.forEach(({ fi, sel }, j) => {
          const f = cols.facets[fi]!;
          const { v1, v2 } = f;
          const bit = 1 << j;
          for (let i = 0; i < matched.length; i++) {
            const r = matched[i]!;
            const a = v1[r]!;
            let ok: boolean;
            if (a > 0) ok = sel[a - 1] === 1 || (v2[r]! > 0 && sel[v2[r]! - 1] === 1);
            else if (a < 0) ok = f.multi.get(r)!.some((id) => sel[id] === 1);
            else ok = false;
            if (!ok) fail[i]! |= bit;
          }
        });
        const pass: number[] = [];
        for (let i = 0; i < matched.length; i++) if (fail[i] === 0) pass.push(matched[i]!);
        return { fail, pass };
      };
      let matched = match ? rowidsOf(match, cols.alive) : aliveRowids(cols);
      let { fail, pass } = filterPass(matched);

      // 2b. Partial matching: too few documents match every word, so the least
      // informative words are dropped (levels[0] is the full query).
      const levels: Array<{ plan: Plan; bits: Bits | null }> = [{ plan, bits: match }];
      let relaxed: SearchResult["relaxed"];
      const relaxBelow = query.relaxBelow ?? 0;
      if (match && relaxBelow > 0 && pass.length < relaxBelow && plan.clauses.length > 1) {
        const fullMatches = pass.length;
        const ignored: string[] = [];
        const all = plan.clauses;
        const sets = all.map((c) => this.clauseMatch("fts", c, cap, "", true));
        // How informative a word is: how many documents contain it as typed (its
        // synonyms would make a specific word like 追溯 look common).
        const own = all.map((c) => countBits(this.clauseMatch("fts", c, cap, "", false)));
        const union: Bits = match.slice();
        let passing = pass.length;
        for (let drop = 1; drop < all.length && passing < relaxBelow; drop++) {
          // Drop `drop` words: the most frequent (least informative) whose removal
          // finds more documents (bestSubset).
          const keep = bestSubset(sets, own, all.length - drop, cap, union);
          if (!keep || keep.count === 0) continue;
          const kept = keep.indexes.map((i) => all[i]!);
          for (const [i, c] of all.entries())
            if (!keep.indexes.includes(i) && !ignored.includes(c.text)) ignored.push(c.text);
          const fresh = keep.bits.slice();
          for (let w = 0; w < fresh.length; w++) fresh[w]! &= ~(union[w] ?? 0);
          levels.push({
            plan: {
              ...plan,
              clauses: kept,
              near: [],
              synonyms: kept.some((c) => c.syn.length > 0),
              expr: exprOf(kept),
            },
            bits: fresh,
          });
          for (let w = 0; w < union.length; w++) union[w]! |= keep.bits[w]!;
          matched = rowidsOf(union, cols.alive);
          ({ fail, pass } = filterPass(matched));
          passing = pass.length;
        }
        if (ignored.length) relaxed = { ignored, fullMatches };
      }

      const counts = wantFacets.map((fi) => {
        const f = cols.facets[fi]!;
        const c = new Int32Array(f.values.length);
        const slot = filters.findIndex((x) => x.fi === fi);
        const own = slot >= 0 ? 1 << slot : 0;
        const { v1, v2 } = f;
        for (let i = 0; i < matched.length; i++) {
          const m = fail[i]!;
          if (m !== 0 && m !== own) continue;
          const r = matched[i]!;
          const a = v1[r]!;
          if (a > 0) {
            c[a - 1]!++;
            const b = v2[r]!;
            if (b > 0) c[b - 1]!++;
          } else if (a < 0) for (const id of f.multi.get(r)!) c[id]!++;
        }
        return c;
      });

      // 3. Order and page. With partial matching, each level (every word, then one
      // word fewer, …) is ranked on its own, in that order.
      const sort = query.sort ?? "relevance";
      const byRelevance = (rows: number[], k: number): number[] => {
        if (levels.length === 1) return this.rankRelevance(plan, rows, k, cols, matched.length, lang);
        const out: number[] = [];
        for (const level of levels) {
          if (out.length >= k) break;
          const mine = rows.filter((r) => level.bits![r >>> 5]! & (1 << (r & 31)));
          if (mine.length) out.push(...this.rankRelevance(level.plan, mine, k - out.length, cols, mine.length, lang));
        }
        return out;
      };
      let pageRows: number[];
      if (sort !== "relevance" || plan.clauses.length === 0) {
        const field = sort === "relevance" ? s.sortables[0] : sort.field;
        const desc = sort === "relevance" ? true : sort.direction === "desc";
        const si = field === undefined ? -1 : s.sortables.indexOf(field);
        if (field !== undefined && si < 0)
          throw new SearchEngineError(`"${field}" is not sortable in ${s.name}`, "bad_sort");
        const col = si >= 0 ? cols.sorts[si]! : null;
        const top = topK(pass, need, byKey(col, desc));
        if (col && plan.clauses.length > 0 && si > 0 && top.length > 0) {
          // Ties on the sort key (most helpful: many cases have the same count) are
          // ordered by relevance, then by date, instead of by index order.
          const edge = col[top[top.length - 1]!]!;
          const same = (v: number) => v === edge || (Number.isNaN(v) && Number.isNaN(edge));
          const above = top.filter((r) => !same(col[r]!));
          const ties = pass.filter((r) => same(col[r]!));
          pageRows = above.concat(byRelevance(ties, need - above.length)).slice(offset, need);
        } else pageRows = top.slice(offset, need);
      } else {
        pageRows = byRelevance(pass, need).slice(offset, need);
      }

      // 4. Hits with highlights cut from the original text.
      const hits = this.hitsFor(pageRows, query.highlight === false ? null : plan.terms);
      const facets: Record<string, Record<string, number>> = {};
      wantFacets.forEach((fi, k) => {
        const f = cols.facets[fi]!;
        const out: Record<string, number> = {};
        const c = counts[k]!;
        const selected = new Set(query.filters?.[f.name] ?? []);
        const order = [...c.keys()]
          .filter((id) => c[id]! > 0 || selected.has(f.values[id]!))
          .sort((a, b) => c[b]! - c[a]! || (f.values[a]! < f.values[b]! ? -1 : 1));
        for (const id of order) out[f.values[id]!] = c[id]!;
        for (const v of selected) out[v] ??= 0;
        facets[f.name] = out;
      });
      return {
        hits,
        total: pass.length,
        totalExact: true,
        facetsExact: true,
        page,
        perPage,
        facets,
        tookMs: performance.now() - t0,
        ...(relaxed ? { relaxed } : {}),
      };
    });
  }

  /**
   * Rowids in relevance order, at least `need` of them when there are enough:
   * documents with each multi-word Chinese run's words together first, then the
   * others; each group ordered by the best matching field (rankTiers).
   */
  private rankRelevance(
    plan: Plan,
    pass: number[],
    need: number,
    cols: Columns,
    matchSize: number,
    lang: number,
  ): number[] {
    if (plan.near.length === 0) return this.rankTiers(plan, pass, need, cols, matchSize, lang);
    let close: Bits | null = null;
    for (const n of plan.near) {
      const bits = this.clauseSet("fts", n, cols.maxRowid, "");
      if (!close) close = bits.slice();
      else for (let i = 0; i < close.length; i++) close[i]! &= bits[i]!;
    }
    const together: number[] = [];
    const apart: number[] = [];
    for (const r of pass) (close![r >>> 5]! & (1 << (r & 31)) ? together : apart).push(r);
    if (together.length === 0 || apart.length === 0) return this.rankTiers(plan, pass, need, cols, matchSize, lang);
    const first = this.rankTiers(plan, together, need, cols, matchSize, lang);
    if (first.length >= need) return first;
    return first.concat(this.rankTiers(plan, apart, need - first.length, cols, matchSize, lang));
  }

  /**
   * One group in relevance order (ADR 030): tier by the best head field that
   * matches (a translation ranks with its original: title and titleEn are one
   * tier), bm25 inside a tier; with synonyms, a tier matched only through a
   * synonym ranks just below the same tier matched as typed. Inside each tier,
   * documents in the query's language (`lang`, 0 = none) come first. A match in a
   * bilingual field (topic names) by a document in the other language is a
   * cross-language match: it ranks after every literal match, bodies included.
   */
  private rankTiers(
    plan: Plan,
    pass: number[],
    need: number,
    cols: Columns,
    matchSize: number,
    lang: number,
  ): number[] {
    const s = this.s;
    const baseTie = byKey(s.sortables.length ? cols.sorts[0]! : null, true);
    const langOf = cols.lang;
    const sameFirst = (cmp: (a: number, b: number) => number) =>
      lang === 0 ? cmp : (a: number, b: number) => Number(langOf[b] === lang) - Number(langOf[a] === lang) || cmp(a, b);
    const tie = sameFirst(baseTie);
    const tiers = headCount(s);
    const cap = cols.maxRowid;
    const weights = s.searchable.map((_, i) => 2 ** (s.searchable.length - 1 - i)).join(", ");
    const headWeights = weights.split(", ").slice(0, tiers).join(", ");
    const passes = plan.synonyms ? [false, true] : [true];
    // placed[r]: 1 = still to place, 2 = deferred (cross-language match), 0 = placed or not a candidate.
    const placed = new Uint8Array(cap + 1);
    for (const r of pass) placed[r] = 1;
    const ordered: number[] = [];
    const scoreHead = (group: number[]) =>
      this.bm25(
        cols.version,
        "b_head",
        `SELECT rowid, bm25(${this.p}head, ${headWeights}) FROM ${this.p}head WHERE ${this.p}head MATCH ?`,
        `{${group.map((c) => `c${c}`).join(" ")}} : (${plan.expr})`,
      );
    for (const { columns: group, bilingual } of headGroups(s)) {
      if (ordered.length >= need) break;
      let score: Map<number, number> | undefined;
      const filter = `{${group.map((c) => `c${c}`).join(" ")}} : `;
      for (const withSynonyms of passes) {
        if (ordered.length >= need) break;
        // A field matches the whole AND of clauses iff it matches each clause: the
        // per-clause, per-field sets are cached like the main ones.
        const inField = this.allClauses("head", plan.clauses, cap, filter, withSynonyms)!;
        let raw = 0;
        for (let i = 0; i < inField.length; i++) raw += popcount(inField[i]!);
        const tier: number[] = [];
        for (const r of pass) {
          if (placed[r] === 1 && inField[r >>> 5]! & (1 << (r & 31))) {
            if (bilingual && lang !== 0 && langOf[r] !== 0 && langOf[r] !== lang) placed[r] = 2;
            else {
              placed[r] = 0;
              tier.push(r);
            }
          }
        }
        if (tier.length === 0) continue;
        if (raw <= BM25_CAP_HEAD) {
          score ??= scoreHead(group);
          const sc = score;
          tier.sort(sameFirst((a, b) => (sc.get(a) ?? 0) - (sc.get(b) ?? 0) || baseTie(a, b)));
          ordered.push(...tier);
        } else {
          ordered.push(...topK(tier, need - ordered.length, tie));
        }
      }
      // Cross-language matches in a bilingual field (a topic's name in the other
      // language) rank right after the literal matches of the same field.
      if (bilingual) {
        const crossed = pass.filter((r) => placed[r] === 2);
        for (const r of crossed) placed[r] = 0;
        ordered.push(...topK(crossed, need - ordered.length, baseTie));
      }
    }
    const deferred = pass.filter((r) => placed[r] === 2);
    const withDeferred = (rows: number[]) =>
      rows.length >= need || deferred.length === 0 ? rows : rows.concat(topK(deferred, need - rows.length, baseTie));
    if (ordered.length >= need || tiers === s.searchable.length) return withDeferred(ordered);
    const rest = pass.filter((r) => placed[r] === 1);
    if (rest.length === 0) return withDeferred(ordered);
    const score =
      matchSize <= BM25_CAP_BODY
        ? this.bm25(
            cols.version,
            "b_fts",
            `SELECT rowid, bm25(${this.p}fts, ${weights}) FROM ${this.p}fts WHERE ${this.p}fts MATCH ?`,
            plan.expr,
          )
        : undefined;
    const order = (rows: number[], k: number) => {
      if (!score) return topK(rows, k, tie);
      const sc = score;
      return rows.sort(sameFirst((a, b) => (sc.get(a) ?? 0) - (sc.get(b) ?? 0) || baseTie(a, b)));
    };
    if (!plan.synonyms) return withDeferred(ordered.concat(order(rest, need - ordered.length)));
    // Bodies matching as typed before bodies matching only through a synonym.
    const exact = this.allClauses("fts", plan.clauses, cap, "", false)!;
    const asTyped = rest.filter((r) => exact[r >>> 5]! & (1 << (r & 31)));
    const first = order(asTyped, need - ordered.length);
    if (ordered.length + first.length >= need) return ordered.concat(first);
    const viaSynonym = rest.filter((r) => !(exact[r >>> 5]! & (1 << (r & 31))));
    return withDeferred(ordered.concat(first, order(viaSynonym, need - ordered.length - first.length)));
  }

  /** bm25 score by rowid for one ranking statement (`key`: b_head or b_fts) and MATCH expression, remembered per version. */
  private bm25(version: number, key: string, sql: string, expr: string): Map<number, number> {
    const memo = this.scoreMemo;
    if (memo.version !== version || memo.scores.size >= SCORE_MEMO_MAX) {
      memo.version = version;
      memo.scores.clear();
    }
    const id = `${key}\0${expr}`;
    let score = memo.scores.get(id);
    if (!score) {
      score = new Map<number, number>();
      for (const [r, sc] of this.stmt(key, sql).raw().all(expr) as Array<[number, number]>) score.set(r, sc);
      memo.scores.set(id, score);
    }
    return score;
  }

  private hitsFor(rowids: number[], terms: HighlightTerms | null): SearchHit[] {
    if (rowids.length === 0) return [];
    const s = this.s;
    const rows = this.stmt(
      "hits",
      `SELECT rowid, id, kind, fields FROM ${this.p}docs WHERE rowid IN (SELECT value FROM json_each(?))`,
    )
      .raw()
      .all(JSON.stringify(rowids)) as Array<[number, string, string, string]>;
    const byRow = new Map(rows.map((r) => [r[0], r]));
    return rowids.flatMap((r) => {
      const row = byRow.get(r);
      if (!row) return [];
      const fields = JSON.parse(row[3]) as Record<string, FieldValue>;
      const highlights: Record<string, string> = {};
      const snippets: Record<string, string> = {};
      if (terms) {
        for (const f of s.highlight ?? []) highlights[f] = highlight(fieldText(fields[f]), terms);
        for (const f of s.snippet ?? []) snippets[f] = snippet(fieldText(fields[f]), terms);
      }
      return [
        { id: row[1], kind: row[2], fields: s.displayed ? pick(fields, s.displayed) : fields, highlights, snippets },
      ];
    });
  }

  async related(id: string, limit: number): Promise<SearchHit[]> {
    return this.wrap(() => {
      const version = this.fresh().version;
      const memo = this.relatedMemo;
      if (memo.version !== version || memo.hits.size >= RELATED_MEMO_MAX) {
        memo.version = version;
        memo.hits.clear();
      }
      const key = `${limit}:${id}`;
      let hits = memo.hits.get(key);
      if (!hits) {
        hits = this.relatedNow(id, limit);
        memo.hits.set(key, hits);
      }
      return [...hits];
    });
  }

  private relatedNow(id: string, limit: number): SearchHit[] {
    const s = this.s;
    const row = this.stmt("byId", `SELECT rowid, fields FROM ${this.p}docs WHERE id = ?`).raw().get(id) as
      [number, string] | undefined;
    if (!row) return [];
    const fields = JSON.parse(row[1]) as Record<string, FieldValue>;
    // The document's title and topic words, Chinese words of 2+ characters and Latin words of 4+ letters.
    const source = [s.searchable[0], s.searchable[2]]
      .filter((f): f is string => !!f)
      .map((f) => fieldText(fields[f]))
      .join(" ");
    const words = new Set<string>();
    for (const m of fold(source).matchAll(/\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu)) {
      if (HAN.test(m[0]))
        for (const t of cutHan(m[0])) {
          if (t.length >= 2) words.add(t);
        }
      else if (m[0].length >= 4) words.add(stripDiacritics(m[0]));
    }
    const list = [...words].slice(0, 16);
    if (list.length === 0) return [];
    const tiers = headCount(s);
    const weights = s.searchable
      .slice(0, tiers)
      .map((_, i) => 2 ** (tiers - 1 - i))
      .join(", ");
    const rows = this.db
      .prepare(
        `SELECT rowid FROM ${this.p}head WHERE ${this.p}head MATCH ? AND rowid != ? ORDER BY bm25(${this.p}head, ${weights}) LIMIT ?`,
      )
      .pluck()
      .all(list.map(q).join(" OR "), row[0], limit) as number[];
    return this.hitsFor(rows, null);
  }
}

function rowidsOf(bits: Bits, alive: Uint8Array): Int32Array {
  let n = 0;
  for (let w = 0; w < bits.length; w++) n += popcount(bits[w]!);
  const out = new Int32Array(n);
  let k = 0;
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word) {
      const bit = word & -word;
      const r = (w << 5) + 31 - Math.clz32(bit);
      if (alive[r]) out[k++] = r;
      word ^= bit;
    }
  }
  return out.subarray(0, k);
}

function aliveRowids(cols: Columns): Int32Array {
  const out = new Int32Array(cols.maxRowid);
  let k = 0;
  for (let r = 1; r <= cols.maxRowid; r++) if (cols.alive[r]) out[k++] = r;
  return out.subarray(0, k);
}

/**
 * The `size` clauses (indexes) to keep, Meilisearch's "frequency" strategy among the
 * subsets that find documents not found yet (outside `found`): the one leaving out
 * the most frequent clauses (least informative), then the one finding the most. Every
 * subset up to 256 of them, else greedily one clause at a time.
 */
function bestSubset(
  sets: Bits[],
  own: number[],
  size: number,
  cap: number,
  found: Bits,
): { indexes: number[]; bits: Bits; count: number } | null {
  const n = sets.length;
  let best: { indexes: number[]; bits: Bits; count: number; droppedOwn: number } | null = null;
  const consider = (indexes: number[]) => {
    const bits = andOf(
      indexes.map((i) => sets[i]!),
      cap,
    );
    let count = 0;
    for (let w = 0; w < bits.length; w++) count += popcount(bits[w]! & ~(found[w] ?? 0));
    if (count === 0) return;
    let droppedOwn = 0;
    for (let i = 0; i < n; i++) if (!indexes.includes(i)) droppedOwn += own[i]!;
    if (!best || droppedOwn > best.droppedOwn || (droppedOwn === best.droppedOwn && count > best.count))
      best = { indexes, bits, count, droppedOwn };
  };
  let combos = 1;
  for (let k = 0; k < n - size; k++) combos = (combos * (n - k)) / (k + 1);
  if (combos <= 256) {
    const pick = (start: number, chosen: number[]) => {
      if (chosen.length === size) return consider(chosen);
      for (let i = start; i <= n - (size - chosen.length); i++) pick(i + 1, [...chosen, i]);
    };
    pick(0, []);
  } else {
    let indexes = sets.map((_, i) => i);
    while (indexes.length > size) {
      let bestDrop = -1;
      let bestCount = -1;
      for (const d of indexes) {
        const c = countBits(
          andOf(
            indexes.filter((i) => i !== d).map((i) => sets[i]!),
            cap,
          ),
        );
        if (c > bestCount || (c === bestCount && own[d]! > own[bestDrop]!)) {
          bestDrop = d;
          bestCount = c;
        }
      }
      indexes = indexes.filter((i) => i !== bestDrop);
    }
    consider(indexes);
  }
  return best;
}

/** Popcount of a bitset. */
function countBits(bits: Bits): number {
  let n = 0;
  for (let w = 0; w < bits.length; w++) n += popcount(bits[w]!);
  return n;
}

/** AND of bitsets (all rows when there is none). */
function andOf(sets: Bits[], cap: number): Bits {
  if (sets.length === 0) return new Uint32Array((cap >>> 5) + 1).fill(0xffffffff);
  const out = sets[0]!.slice();
  for (const b of sets.slice(1)) for (let w = 0; w < out.length; w++) out[w]! &= b[w] ?? 0;
  return out;
}

/**
 * The ranking tiers among the head fields, in order: each field with the fields
 * that are its translations (schema.translationOf), and whether the tier holds
 * names in both languages (schema.bilingual).
 */
function headGroups(schema: IndexSchema): Array<{ columns: number[]; bilingual: boolean }> {
  const n = headCount(schema);
  const groups: Array<{ columns: number[]; bilingual: boolean }> = [];
  const translations = schema.translationOf ?? {};
  for (let c = 0; c < n; c++) {
    const field = schema.searchable[c]!;
    const original = translations[field];
    if (original && schema.searchable.slice(0, n).includes(original)) continue;
    const columns = [c];
    for (let k = 0; k < n; k++) if (translations[schema.searchable[k]!] === field) columns.push(k);
    groups.push({ columns, bilingual: schema.bilingual?.includes(field) ?? false });
  }
  return groups;
}

/**
 * How many leading searchable fields form the "head" (short fields that decide the
 * ranking tiers, indexed a second time in a small FTS5 table): the fields before
 * the first snippet field (long text such as a body), or all but the last.
 */
function headCount(schema: IndexSchema): number {
  const n = schema.searchable.length;
  if (n === 1) return 1;
  const firstLong = schema.searchable.findIndex((f) => schema.snippet?.includes(f));
  return firstLong > 0 ? firstLong : n - 1;
}

function pick(fields: Record<string, FieldValue>, keys?: string[]): Record<string, FieldValue> {
  if (!keys) return fields;
  const out: Record<string, FieldValue> = {};
  for (const k of keys) if (k in fields) out[k] = fields[k];
  return out;
}

function toNumber(v: FieldValue): number | null {
  if (v == null || v === "") return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return null;
  const n = Number(v);
  if (Number.isFinite(n)) return n;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

const LATIN = new RegExp("[[\\p{L}\\p{N}]--\\p{Script=Han}]+", "gv");
/** The Latin words (3–40 letters, not only digits, diacritics removed) among indexed words. */
function latinWords(words: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const word of words) {
    if (!/[a-z\u00c0-\u024f]/.test(word)) continue;
    for (const m of HAN.test(word) ? word.matchAll(LATIN) : [[word]]) {
      const w = m[0]!;
      if (w.length >= 3 && w.length <= 40 && !/^\p{N}+$/u.test(w))
        out.add(/[^\x00-\x7f]/.test(w) ? stripDiacritics(w) : w);
    }
  }
  return out;
}

/** Comparator: by a numeric column (missing values last), then newest rowid first. */
function byKey(col: Float64Array | null, desc: boolean): (a: number, b: number) => number {
  if (!col) return (a, b) => b - a;
  return (a, b) => {
    const x = col[a]!;
    const y = col[b]!;
    const xn = Number.isNaN(x);
    const yn = Number.isNaN(y);
    if (xn || yn) return xn && yn ? b - a : xn ? 1 : -1;
    return (desc ? y - x : x - y) || b - a;
  };
}

/** The first k of `rows` in comparator order, without sorting everything. */
function topK(rows: number[], k: number, cmp: (a: number, b: number) => number): number[] {
  if (k <= 0) return [];
  if (rows.length <= k * 4 || rows.length <= 256) return rows.slice().sort(cmp).slice(0, k);
  // Max-heap of the k best (root = worst of them).
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (cmp(heap[i]!, heap[p]!) <= 0) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && cmp(heap[l]!, heap[m]!) > 0) m = l;
      if (r < heap.length && cmp(heap[r]!, heap[m]!) > 0) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const r of rows) {
    if (heap.length < k) {
      heap.push(r);
      up(heap.length - 1);
    } else if (cmp(r, heap[0]!) < 0) {
      heap[0] = r;
      down(0);
    }
  }
  return heap.sort(cmp);
}
