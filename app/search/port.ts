// The search port: domain-free types and the engine contract. Engines implement
// SearchEngine; the domain declares an IndexSchema and hands over SearchDocuments.
// Nothing in app/search knows what a "case" is.

/** What an index holds and how it behaves, declared once by the domain. */
export interface IndexSchema {
  /** Index name (letters, digits, underscore), e.g. "cases". */
  name: string;
  /**
   * Text fields that are searched, most important first. Ranking follows this
   * order (a match in the first beats a match in the second, and so on).
   * A field value may be a string or a string[] (joined for matching).
   */
  searchable: string[];
  /** Fields that can be filtered and counted (string or string[] values). */
  facets: string[];
  /** Numeric fields that can be sorted by (dates as epoch milliseconds). */
  sortables: string[];
  /** Fields returned with each hit; defaults to every field. */
  displayed?: string[];
  /** Fields returned highlighted in full (short text, e.g. title, summary). */
  highlight?: string[];
  /** Fields from which a short snippet around the matches is cut (long text, e.g. body). */
  snippet?: string[];
  /** Domain terms that must stay whole words (Chinese compounds such as 跨境电商). */
  dictionary?: string[];
  /**
   * Groups of equivalent terms, in any language (["直播", "live streaming", …]): a
   * query containing one term of a group also finds the group's other terms. Matches
   * through a synonym rank just below matches of what was typed. Query time only in
   * the embedded engine (no reindex); Meilisearch gets them as its `synonyms` setting.
   */
  synonyms?: string[][];
  /**
   * Field holding each document's language ("zh" | "en"). At equal match quality,
   * documents in the query's language rank first (ADR 030). The query's language is
   * detected from its script (SearchQuery.language overrides it).
   */
  language?: string;
  /**
   * Fields that hold a translation of another searchable field (titleEn → title):
   * a match in either ranks the same; the language rule then orders them.
   */
  translationOf?: Record<string, string>;
  /**
   * Searchable fields holding names in both languages (topic names): a match there
   * for a document in the other language than the query is a cross-language match
   * and ranks below every literal match (after bodies).
   */
  bilingual?: string[];
}

export type FieldValue = string | string[] | number | null | undefined;

export interface SearchDocument {
  /** Stable id, unique across kinds, e.g. "case-12". */
  id: string;
  kind: string;
  fields: Record<string, FieldValue>;
}

export type SortOrder = "relevance" | { field: string; direction: "asc" | "desc" };

export interface SearchQuery {
  q: string;
  /** facet -> selected values: OR within a facet, AND across facets. */
  filters?: Record<string, string[]>;
  sort?: SortOrder;
  /** 1-based. */
  page?: number;
  perPage?: number;
  /** Facets to count; each is counted as if its own selection were cleared. */
  facets?: string[];
  /** Produce HTML highlights/snippets (escaped text, matches in <mark>). Default true. */
  highlight?: boolean;
  /** Restrict to one document kind. */
  kind?: string;
  /**
   * Partial matching: when fewer than this many documents match every word, the
   * least informative words are dropped one by one (those whose removal finds the
   * most, the most frequent first on a tie) until this many match or one word is
   * left; documents matching every word still rank first. 0 or absent: every word
   * is required.
   */
  relaxBelow?: number;
  /** The query's language for ranking ("zh" | "en"); detected from its script when absent, null for none. */
  language?: string | null;
}

export interface SearchHit {
  id: string;
  kind: string;
  fields: Record<string, FieldValue>;
  /** field -> safe HTML: escaped original text with matches wrapped in <mark>. */
  highlights: Record<string, string>;
  /** field -> safe HTML snippet cut from the original text around the matches. */
  snippets: Record<string, string>;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  page: number;
  perPage: number;
  /**
   * False when `total` is an estimate (ADR 059): an engine may count a large match set from a
   * sample, as Meilisearch's `estimatedTotalHits` does; the UI then says "about N".
   */
  totalExact: boolean;
  /** facet -> value -> count. */
  facets: Record<string, Record<string, number>>;
  /** False when the facet counts are estimates from a sample (values absent from it are missing). */
  facetsExact: boolean;
  tookMs: number;
  /** Present when partial matching dropped words: which, and how many documents matched every word. */
  relaxed?: { ignored: string[]; fullMatches: number };
}

export interface EngineHealth {
  ok: boolean;
  engine: string;
  documents?: number;
  detail?: string;
}

export interface SearchEngine {
  readonly name: string;
  /** Create the index or apply changed settings. Call before any bulk load. */
  ensureIndex(schema: IndexSchema): Promise<void>;
  /** Insert or replace documents by id. */
  upsert(docs: SearchDocument[]): Promise<void>;
  delete(ids: string[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** Documents most like the given one (never the document itself). */
  related(id: string, limit: number): Promise<SearchHit[]>;
  count(): Promise<number>;
  clear(): Promise<void>;
  health(): Promise<EngineHealth>;
  /**
   * A bulk load (search:reindex, upsertBatches) begins / has ended: an engine may defer index
   * work to the end (ADR 059). Searches in between stay correct, possibly slower. endBulk is
   * called after a failed load too.
   */
  beginBulk?(): Promise<void>;
  endBulk?(): Promise<void>;
  /** Prepare caches after a start or a bulk load (engines that have any). */
  warm?(): Promise<number>;
  close?(): Promise<void>;
}

/** The engine is down, unreachable or too slow. Callers show a notice and keep browsing working. */
export class SearchUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SearchUnavailableError";
  }
}

/** The engine refused the request or an indexing task failed (a bug or bad settings, not an outage). */
export class SearchEngineError extends Error {
  constructor(
    message: string,
    public readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SearchEngineError";
  }
}

export function isSearchUnavailable(err: unknown): err is SearchUnavailableError {
  return err instanceof Error && err.name === "SearchUnavailableError";
}

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

export function pageOf(query: SearchQuery): { page: number; perPage: number; offset: number } {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(query.perPage ?? DEFAULT_PER_PAGE)));
  const page = Math.max(1, Math.floor(query.page ?? 1));
  return { page, perPage, offset: (page - 1) * perPage };
}

/** Flatten a field value into plain text. */
export function fieldText(v: FieldValue): string {
  if (v == null) return "";
  if (Array.isArray(v)) return v.join(" ");
  return String(v);
}

export function facetValues(v: FieldValue): string[] {
  if (v == null || v === "") return [];
  if (Array.isArray(v)) return v.filter((x) => x !== "");
  return [String(v)];
}
