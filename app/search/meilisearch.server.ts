// The Meilisearch engine, through the official client. Meilisearch gets the
// original text and segments Chinese itself (localizedAttributes cmn plus a
// dictionary of domain terms). Every request has a timeout: a server that is
// down or hangs becomes a SearchUnavailableError within MEILI_TIMEOUT_MS.
import {
  Meilisearch,
  type Index,
  type MultiSearchQuery,
  type SearchResponse,
  type Settings,
  type Task,
} from "meilisearch";
import { escapeHtml } from "./highlight.ts";
import {
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
import { DOMAIN_TERMS, HAN } from "./segment.ts";
import { detectQueryLanguage } from "./language.ts";

export interface MeilisearchEngineOptions {
  host: string;
  apiKey?: string;
  /** Per-request timeout (ms). Default 1000. */
  timeoutMs?: number;
  /** How long writes wait for their task (ms). Default 30 s. */
  taskTimeoutMs?: number;
  /** Poll interval while waiting for a task (ms). */
  taskIntervalMs?: number;
  /** Prefix for index uids (tests use a unique one). */
  indexPrefix?: string;
}

// Marks Meilisearch puts around matches; chosen so they cannot collide with text
// (control characters are stripped from documents) and survive HTML escaping.
const PRE = "\u0002";
const POST = "\u0003";
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

type Doc = Record<string, FieldValue> & { id: string; kind: string };

/** The content languages a query can prefer (detectQueryLanguage's answers). */
const LANGUAGES = ["zh", "en"] as const;

export function meiliSettings(schema: IndexSchema): Settings {
  return {
    searchableAttributes: schema.searchable,
    filterableAttributes: [...new Set(["id", "kind", ...schema.facets])],
    // lang_zh / lang_en (1 for documents in that language): sorted on after "attribute",
    // so documents in the query's language rank first at equal match quality (ADR 030).
    sortableAttributes: [...schema.sortables, ...(schema.language ? LANGUAGES.map((l) => `lang_${l}`) : [])],
    displayedAttributes: ["id", "kind", ...(schema.displayed ?? ["*"])].filter(
      (v, i, a) => a.indexOf(v) === i && !(v !== "*" && a.includes("*")),
    ),
    // attribute before sort: order of searchable fields is the ranking title > summary > topics > body.
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    localizedAttributes: [{ attributePatterns: schema.searchable, locales: ["cmn", "eng"] }],
    dictionary: [...new Set([...DOMAIN_TERMS, ...(schema.dictionary ?? [])])],
    synonyms: meiliSynonyms(schema.synonyms ?? []),
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    faceting: { maxValuesPerFacet: 200 },
    pagination: { maxTotalHits: 10_000 },
  };
}

/**
 * Groups of equivalent terms as Meilisearch's `synonyms` setting: every term maps to
 * the other terms of its groups (mutual synonyms), lower-cased as Meilisearch
 * normalizes queries.
 */
export function meiliSynonyms(groups: string[][]): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const group of groups) {
    const terms = [...new Set(group.map((t) => t.trim().toLowerCase()).filter(Boolean))];
    for (const t of terms) {
      const set = out.get(t) ?? new Set<string>();
      for (const other of terms) if (other !== t) set.add(other);
      if (set.size) out.set(t, set);
    }
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, [...v]]));
}

/** Meilisearch filter syntax: arrays are AND of ORs. */
export function meiliFilter(filters: Record<string, string[]>, kind?: string, except?: string): string[][] {
  const out: string[][] = [];
  for (const [facet, values] of Object.entries(filters)) {
    if (facet === except || values.length === 0) continue;
    out.push(values.map((v) => `${facet} = ${JSON.stringify(v)}`));
  }
  if (kind) out.push([`kind = ${JSON.stringify(kind)}`]);
  return out;
}

function toSafeHtml(formatted: string): string {
  return escapeHtml(formatted).replaceAll(PRE, "<mark>").replaceAll(POST, "</mark>");
}

function cleanValue(v: FieldValue): FieldValue {
  if (typeof v === "string") return v.replace(CONTROL, "");
  if (Array.isArray(v)) return v.map((x) => x.replace(CONTROL, ""));
  return v;
}

export class MeilisearchEngine implements SearchEngine {
  readonly name = "meilisearch";
  private client: Meilisearch;
  private schema?: IndexSchema;
  private uid = "";
  private taskTimeoutMs: number;
  private taskIntervalMs: number;
  private prefix: string;

  constructor(opts: MeilisearchEngineOptions) {
    this.client = new Meilisearch({ host: opts.host, apiKey: opts.apiKey, timeout: opts.timeoutMs ?? 1000 });
    this.taskTimeoutMs = opts.taskTimeoutMs ?? 30_000;
    this.taskIntervalMs = opts.taskIntervalMs ?? 50;
    this.prefix = opts.indexPrefix ?? "";
  }

  private get s(): IndexSchema {
    if (!this.schema) throw new SearchEngineError("ensureIndex(schema) must be called first", "no_index");
    return this.schema;
  }

  private index(): Index<Doc> {
    if (!this.schema) throw new SearchEngineError("ensureIndex(schema) must be called first", "no_index");
    return this.client.index<Doc>(this.uid);
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw mapError(err);
    }
  }

  /** Wait for a task and turn a failed one into an error carrying the task's own error. */
  private async settle(
    enqueued: { taskUid: number } | Promise<{ taskUid: number }>,
    okCodes: string[] = [],
  ): Promise<Task> {
    const { taskUid } = await enqueued;
    const task = await this.client.tasks.waitForTask(taskUid, {
      timeout: this.taskTimeoutMs,
      interval: this.taskIntervalMs,
    });
    if (task.status === "failed") {
      const code = task.error?.code ?? "task_failed";
      if (okCodes.includes(code)) return task;
      throw new SearchEngineError(
        `Meilisearch task ${taskUid} (${task.type}) failed: ${task.error?.message ?? "unknown error"}`,
        code,
      );
    }
    if (task.status === "canceled")
      throw new SearchEngineError(`Meilisearch task ${taskUid} was canceled`, "task_canceled");
    return task;
  }

  async ensureIndex(schema: IndexSchema): Promise<void> {
    if (!/^[A-Za-z0-9_-]+$/.test(schema.name)) throw new SearchEngineError(`bad index name ${schema.name}`, "bad_name");
    this.schema = schema;
    this.uid = `${this.prefix}${schema.name}`;
    await this.call(async () => {
      await this.settle(this.client.createIndex(this.uid, { primaryKey: "id" }), ["index_already_exists"]);
      // Settings first: a bulk load after them is indexed once, with the right segmentation.
      await this.settle(this.index().updateSettings(meiliSettings(schema)));
    });
  }

  private toDoc(d: SearchDocument): Doc {
    const out: Doc = { id: d.id, kind: d.kind };
    for (const [k, v] of Object.entries(d.fields)) if (k !== "id" && k !== "kind") out[k] = cleanValue(v);
    const language = this.schema?.language;
    if (language) for (const l of LANGUAGES) out[`lang_${l}`] = fieldText(d.fields[language]) === l ? 1 : 0;
    return out;
  }

  async upsert(docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const index = this.index();
    await this.call(async () => {
      for (let i = 0; i < docs.length; i += 1000) {
        await this.settle(
          index.addDocuments(
            docs.slice(i, i + 1000).map((d) => this.toDoc(d)),
            { primaryKey: "id" },
          ),
        );
      }
    });
  }

  async delete(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const index = this.index();
    await this.call(() => this.settle(index.deleteDocuments(ids)));
  }

  async clear(): Promise<void> {
    const index = this.index();
    await this.call(() => this.settle(index.deleteAllDocuments()));
  }

  async count(): Promise<number> {
    const index = this.index();
    return this.call(async () => (await index.getStats()).numberOfDocuments);
  }

  async health(): Promise<EngineHealth> {
    try {
      const h = await this.client.health();
      return { ok: h.status === "available", engine: this.name, detail: h.status };
    } catch (err) {
      return { ok: false, engine: this.name, detail: mapError(err).message };
    }
  }

  private baseParams(query: SearchQuery): Partial<MultiSearchQuery> {
    return HAN.test(query.q ?? "") ? { locales: ["cmn", "eng"] } : {};
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const t0 = performance.now();
    // Every word required first (as the embedded engine); when fewer than relaxBelow
    // match, again with "frequency": Meilisearch drops the most frequent words first
    // and still ranks documents with every word first ("words" rule).
    const full = await this.searchWith(query, "all");
    const words = (query.q ?? "").trim().split(/\s+/).filter(Boolean);
    const relaxBelow = query.relaxBelow ?? 0;
    if (relaxBelow <= 0 || full.total >= relaxBelow || words.length < 2)
      return { ...full, tookMs: performance.now() - t0 };
    const partial = await this.searchWith(query, "frequency");
    if (partial.total <= full.total) return { ...full, tookMs: performance.now() - t0 };
    // Meilisearch does not say which words it left out: those that no hit on the page highlights.
    const marked = partial.hits
      .flatMap((h) => [...Object.values(h.highlights), ...Object.values(h.snippets)])
      .join(" ")
      .toLowerCase();
    const ignored = words.filter((w) => !marked.includes(`<mark>${w.toLowerCase()}`));
    return {
      ...partial,
      tookMs: performance.now() - t0,
      relaxed: { ignored, fullMatches: full.total },
    };
  }

  private async searchWith(query: SearchQuery, matchingStrategy: "all" | "frequency"): Promise<SearchResult> {
    const t0 = performance.now();
    const s = this.s;
    const { page, perPage } = pageOf(query);
    const filters = Object.fromEntries(Object.entries(query.filters ?? {}).filter(([, v]) => v && v.length));
    for (const f of [...Object.keys(filters), ...(query.facets ?? [])]) {
      if (!s.facets.includes(f)) throw new SearchEngineError(`"${f}" is not a facet of ${s.name}`, "bad_filter");
    }
    const sort = query.sort ?? "relevance";
    if (sort !== "relevance" && !s.sortables.includes(sort.field))
      throw new SearchEngineError(`"${sort.field}" is not sortable in ${s.name}`, "bad_sort");
    const wantHighlight = query.highlight !== false;
    const wanted = query.facets ?? [];
    // Facets without a selection are counted by the main query; each selected facet
    // needs its own query with its selection cleared (and every other one kept).
    const plain = wanted.filter((f) => !filters[f]);
    const selected = wanted.filter((f) => filters[f]);
    const language = query.language === undefined ? detectQueryLanguage(query.q ?? "") : query.language;
    const preferLanguage = s.language && language && (LANGUAGES as readonly string[]).includes(language);
    const main: MultiSearchQuery = {
      indexUid: this.uid,
      q: query.q ?? "",
      matchingStrategy,
      ...this.baseParams(query),
      filter: meiliFilter(filters, query.kind),
      page,
      hitsPerPage: perPage,
      facets: plain,
      sort:
        sort === "relevance"
          ? query.q?.trim()
            ? preferLanguage
              ? [`lang_${language}:desc`]
              : undefined
            : s.sortables[0]
              ? [`${s.sortables[0]}:desc`]
              : undefined
          : // Ties (most helpful) by date after the rules before "sort" (relevance).
            [
              `${sort.field}:${sort.direction}`,
              ...(s.sortables[0] && s.sortables[0] !== sort.field ? [`${s.sortables[0]}:desc`] : []),
            ],
      ...(wantHighlight
        ? {
            attributesToHighlight: s.highlight ?? [],
            attributesToCrop: s.snippet ?? [],
            cropLength: 40,
            cropMarker: "…",
            highlightPreTag: PRE,
            highlightPostTag: POST,
          }
        : {}),
    };
    const extra: MultiSearchQuery[] = selected.map((f) => ({
      indexUid: this.uid,
      q: query.q ?? "",
      matchingStrategy,
      ...this.baseParams(query),
      filter: meiliFilter(filters, query.kind, f),
      limit: 0,
      facets: [f],
    }));
    const res = await this.call(() => this.client.multiSearch({ queries: [main, ...extra] }));
    const [first, ...rest] = res.results as unknown as Array<SearchResponse<Doc>>;
    if (!first) throw new SearchEngineError("empty multi-search response", "bad_response");
    const facets: Record<string, Record<string, number>> = {};
    for (const f of plain) facets[f] = { ...(first.facetDistribution?.[f] ?? {}) };
    selected.forEach((f, i) => {
      const dist = { ...(rest[i]?.facetDistribution?.[f] ?? {}) };
      for (const v of filters[f] ?? []) dist[v] ??= 0;
      facets[f] = dist;
    });
    const hits = first.hits.map((h) => this.toHit(h as Doc & { _formatted?: Record<string, unknown> }, wantHighlight));
    return {
      hits,
      total: first.totalHits ?? first.estimatedTotalHits ?? hits.length,
      // Asked with page/hitsPerPage, Meilisearch counts exhaustively (totalHits), up to maxTotalHits.
      totalExact: first.totalHits !== undefined,
      page,
      perPage,
      facets,
      facetsExact: true,
      tookMs: performance.now() - t0,
    };
  }

  private toHit(h: Doc & { _formatted?: Record<string, unknown> }, wantHighlight: boolean): SearchHit {
    const s = this.s;
    const { _formatted, id, kind, ...fields } = h;
    const highlights: Record<string, string> = {};
    const snippets: Record<string, string> = {};
    if (wantHighlight && _formatted) {
      for (const f of s.highlight ?? []) highlights[f] = toSafeHtml(fieldText(_formatted[f] as FieldValue));
      for (const f of s.snippet ?? []) snippets[f] = toSafeHtml(fieldText(_formatted[f] as FieldValue));
    }
    return { id, kind, fields: fields as Record<string, FieldValue>, highlights, snippets };
  }

  async related(id: string, limit: number): Promise<SearchHit[]> {
    const s = this.s;
    const index = this.index();
    return this.call(async () => {
      let doc: Doc;
      try {
        doc = await index.getDocument(id);
      } catch (err) {
        if ((err as { cause?: { code?: string } }).cause?.code === "document_not_found") return [];
        throw err;
      }
      const q = [s.searchable[0], s.searchable[2]]
        .filter((f): f is string => !!f)
        .map((f) => fieldText(doc[f]))
        .join(" ");
      const res = await index.search(q, {
        limit,
        filter: [`id != ${JSON.stringify(id)}`],
        matchingStrategy: "last",
        ...(HAN.test(q) ? { locales: ["cmn", "eng"] } : {}),
      });
      return res.hits.map((h) => this.toHit(h as Doc, false));
    });
  }
}

/** Client errors → port errors. Names, not classes: the client's dist is minified. */
export function mapError(err: unknown): Error {
  if (!(err instanceof Error)) return new SearchEngineError(String(err));
  if (err.name === "SearchUnavailableError" || err.name === "SearchEngineError") return err;
  if (
    err.name === "MeilisearchRequestError" ||
    err.name === "MeilisearchRequestTimeOutError" ||
    err.name === "MeilisearchTaskTimeOutError" ||
    err.name === "AbortError" ||
    err.name === "TimeoutError"
  ) {
    return new SearchUnavailableError(`Meilisearch unavailable: ${err.message}`, { cause: err });
  }
  if (err.name === "MeilisearchApiError") {
    const status = (err as { response?: { status?: number } }).response?.status ?? 0;
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (status >= 500 || status === 0)
      return new SearchUnavailableError(`Meilisearch unavailable (${status}): ${err.message}`, { cause: err });
    return new SearchEngineError(`Meilisearch refused the request: ${err.message}`, code, { cause: err });
  }
  return new SearchEngineError(err.message, undefined, { cause: err });
}
