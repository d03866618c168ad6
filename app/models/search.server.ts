// Searching case studies: turns URL parameters into a query for the search port
// and the engine's hits into what the page and the API show, with facet values
// named in the reader's language. Shared by /search and /api/search.
import type { Locale } from "~/i18n/config.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { searchConfig } from "~/search/config.server.ts";
import { getSearchEngine, isSearchUnavailable, type SearchEngine, type SearchQuery } from "~/search/index.server.ts";
import { readStatement } from "~/utils/db-read.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { CONTENT_INDEX } from "./search-documents.server.ts";
import { timeSearch } from "~/utils/metrics.server.ts";
import { STAGES } from "./case-content.ts";
import { INDUSTRIES } from "./industry.ts";
import { PROVINCES } from "./province.ts";
import { FACETS, type Facet, type SearchParams } from "./search-params.ts";

export { parseSearchParams } from "./search-params.ts";

let relaxBelowSetting: number | undefined;
/** SEARCH_RELAX_BELOW, read once. */
function relaxBelow(): number {
  return (relaxBelowSetting ??= searchConfig().relaxBelow);
}

export function toSearchQuery(p: SearchParams, perPage = PER_PAGE): SearchQuery {
  return {
    q: p.q,
    relaxBelow: relaxBelow(),
    kind: "case",
    filters: Object.fromEntries(Object.entries(p.filters).filter(([, v]) => v.length > 0)),
    sort:
      p.sort === "newest"
        ? { field: "publishedAt", direction: "desc" }
        : p.sort === "helpful"
          ? { field: "helpful", direction: "desc" }
          : p.sort === "adopted"
            ? { field: "adopted", direction: "desc" }
            : // Without words to rank by, newest first is the useful order.
              p.q
              ? "relevance"
              : { field: "publishedAt", direction: "desc" },
    page: p.page,
    perPage,
    facets: [...FACETS],
    highlight: true,
  };
}

let prepared: SearchEngine | undefined;
async function engine(): Promise<SearchEngine> {
  const e = getSearchEngine();
  if (prepared !== e) {
    await e.ensureIndex(CONTENT_INDEX);
    prepared = e;
  }
  return e;
}

interface Named {
  slug: string;
  nameZh: string;
  nameEn: string;
}

/**
 * All topic or base names, on the read connection: two Prisma queries cost more CPU
 * per search request than the engine's own work (issue 15 point 3).
 */
async function namesOf(table: "Topic" | "Base"): Promise<Named[]> {
  return (await readStatement(`SELECT slug, nameZh, nameEn FROM ${table}`).all()) as Named[];
}

/**
 * The names of a search's topic and base facet values in one statement (ADR 079: a
 * statement costs 50–250 µs on a rendering server, however little it reads).
 */
async function facetNames(topics: string[], bases: string[]): Promise<Array<Named & { facet: "topic" | "base" }>> {
  if (topics.length === 0 && bases.length === 0) return [];
  return (await readStatement(
    `SELECT 'topic' AS facet, slug, nameZh, nameEn FROM Topic WHERE slug IN (SELECT value FROM json_each(?))
     UNION ALL
     SELECT 'base' AS facet, slug, nameZh, nameEn FROM Base WHERE slug IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(topics), JSON.stringify(bases))) as Array<Named & { facet: "topic" | "base" }>;
}

/** Labels of the facets named in the translation files, per locale (they change only with a deploy). */
const fixedLabels: Partial<Record<Locale, Map<string, string>>> = {};

/** Names of facet values (topic and base slugs, industry and province codes) in the reader's language. */
async function facetLabels(
  facets: Record<string, Record<string, number>>,
  selected: Record<string, string[]>,
  locale: Locale,
) {
  const t = tFor(locale);
  const slugs = (f: string) => [...new Set([...Object.keys(facets[f] ?? {}), ...(selected[f] ?? [])])];
  const named = new Map<string, string>();
  for (const x of await facetNames(slugs("topic"), slugs("base")))
    named.set(`${x.facet}:${x.slug}`, locale === "en" ? x.nameEn : x.nameZh);
  const fixed = (fixedLabels[locale] ??= new Map());
  return (facet: string, value: string): string => {
    if (facet === "topic" || facet === "base") return named.get(`${facet}:${value}`) ?? value;
    // Industries, provinces, stages: names from the translation files, the same for every request.
    const key = `${facet}:${value}`;
    let label = fixed.get(key);
    if (label === undefined) {
      if (facet === "industry") label = t(`bases:industries.${value}`, { defaultValue: value });
      else if (facet === "province") label = t(`bases:provinces.${value}`, { defaultValue: value });
      else if (facet === "stage") label = t(`cases:stages.${value}`, { defaultValue: value });
      else if (facet === "typical") label = t("search:typical");
      else label = value;
      // Only known codes are kept, so arbitrary values from URLs cannot grow the map.
      if (label !== value || facet === "typical") fixed.set(key, label);
    }
    return label;
  };
}

const PER_PAGE = 20;

/**
 * A collator per locale for the facet values' order: `localeCompare(b, locale)` looks one up
 * on every comparison (0.027 against 0.016 ms to sort 40 labels, /tmp/lc10/lc.mjs).
 */
const collators: Partial<Record<Locale, Intl.Collator>> = {};
const collator = (locale: Locale) => (collators[locale] ??= new Intl.Collator(locale));

export type SearchOutcome =
  | {
      ok: true;
      total: number;
      /** False when the engine estimated the total (ADR 059): the page says "about". */
      totalExact: boolean;
      tookMs: number;
      page: number;
      pages: number;
      /** Partial matching: the words left out for the results after the full matches. */
      relaxed: { ignored: string[]; fullMatches: number; below: number } | null;
      hits: {
        id: string;
        externalId: string | null;
        slug: string;
        title: string;
        summary: string;
        titleHtml: string;
        summaryHtml: string;
        snippetHtml: string;
        baseName: string;
        base: string;
        industry: string;
        publishedAt: number;
        helpful: number;
      }[];
      facets: { name: Facet; values: { value: string; label: string; count: number; selected: boolean }[] }[];
      chips: { facet: Facet; value: string; label: string }[];
    }
  | { ok: false; unavailable: true };

export async function searchCases(p: SearchParams, locale: Locale, perPage = PER_PAGE): Promise<SearchOutcome> {
  let result;
  try {
    const e = await engine();
    result = await timeSearch(e.name, "search", () => e.search(toSearchQuery(p, perPage)));
  } catch (error) {
    if (isSearchUnavailable(error)) {
      logger.warn({ err: error }, "search engine unavailable");
      return { ok: false, unavailable: true };
    }
    throw error;
  }
  const label = await facetLabels(result.facets, p.filters, locale);
  const byLabel = collator(locale);
  const en = locale === "en";
  const pick = (zh: string | undefined, enText: string | undefined) => (en && enText ? enText : (zh ?? ""));
  return {
    ok: true,
    total: result.total,
    totalExact: result.totalExact,
    tookMs: result.tookMs,
    page: result.page,
    pages: Math.max(1, Math.ceil(result.total / perPage)),
    relaxed: result.relaxed ? { ...result.relaxed, below: relaxBelow() } : null,
    hits: result.hits.map((h) => {
      const f = h.fields as Record<string, string | number | undefined>;
      return {
        id: h.id.replace(/^case-/, ""),
        externalId: f.externalId ? String(f.externalId) : null,
        slug: String(f.slug ?? ""),
        title: pick(String(f.title ?? ""), String(f.titleEn ?? "") || undefined),
        summary: pick(String(f.summary ?? ""), String(f.summaryEn ?? "") || undefined),
        // Highlights and snippets are escaped HTML from the engine, with <mark> around matches.
        titleHtml: pick(
          h.highlights.title,
          h.highlights.titleEn && String(f.titleEn ?? "") ? h.highlights.titleEn : undefined,
        ),
        summaryHtml: pick(
          h.highlights.summary,
          h.highlights.summaryEn && String(f.summaryEn ?? "") ? h.highlights.summaryEn : undefined,
        ),
        snippetHtml: h.snippets.body ?? "",
        baseName: String((en ? f.baseNameEn : f.baseNameZh) ?? ""),
        base: String(f.base ?? ""),
        industry: String(f.industry ?? ""),
        publishedAt: Number(f.publishedAt ?? 0),
        helpful: Number(f.helpful ?? 0),
      };
    }),
    facets: FACETS.map((name) => {
      const counts = result.facets[name] ?? {};
      const values = new Set([...Object.keys(counts), ...p.filters[name]]);
      return {
        name,
        values: [...values]
          .map((value) => ({
            value,
            label: label(name, value),
            count: counts[value] ?? 0,
            selected: p.filters[name].includes(value),
          }))
          .sort(
            (a, b) => Number(b.selected) - Number(a.selected) || b.count - a.count || byLabel.compare(a.label, b.label),
          ),
      };
    }),
    chips: FACETS.flatMap((facet) => p.filters[facet].map((value) => ({ facet, value, label: label(facet, value) }))),
  };
}

/** A filter value the API cannot use, with the values it accepts. */
export interface FilterProblem {
  facet: Facet;
  value: string;
  accepted: string[];
}

const fold = (v: string) => v.trim().toLowerCase();

interface Choice {
  code: string;
  names: string[];
}

let fixedChoiceCache: Record<"province" | "industry" | "stage" | "typical", Choice[]> | undefined;

/**
 * The accepted values of the facets named in the translation files, with their names in
 * both languages: the same for every request (they change only with a deploy), so built
 * once — some 150 translation look-ups per search otherwise (issue 15 point 3).
 */
function fixedChoices() {
  return (fixedChoiceCache ??= (() => {
    const zh = tFor("zh-CN");
    const en = tFor("en");
    const named = (codes: readonly string[], key: (c: string) => string) =>
      codes.map((code) => {
        const zhName = zh(key(code), { defaultValue: code });
        return {
          code,
          names: [
            code,
            zhName,
            zhName.replace(/(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, ""),
            en(key(code), { defaultValue: code }),
          ],
        };
      });
    return {
      province: named(PROVINCES, (c) => `bases:provinces.${c}`),
      industry: named(INDUSTRIES, (c) => `bases:industries.${c}`),
      stage: named(STAGES, (c) => `cases:stages.${c}`),
      typical: [{ code: "typical", names: ["typical", "true", "1", "典型案例", "典型"] }],
    };
  })());
}

/**
 * Filter values as codes: a code or slug as is, or a name in either language
 * (province=Fujian, 福建, 福建省; industry=Medicine; topic=物流与供应链; base=its name).
 * Values that name nothing come back as problems, with the accepted codes.
 */
export async function normalizeFilters(
  filters: Record<Facet, string[]>,
): Promise<{ filters: Record<Facet, string[]>; problems: FilterProblem[] }> {
  const needsDb = (f: Facet) => filters[f].length > 0;
  const [topics, bases] = await Promise.all([
    needsDb("topic") ? namesOf("Topic") : [],
    needsDb("base") ? namesOf("Base") : [],
  ]);
  const choices: Record<Facet, Choice[]> = {
    ...fixedChoices(),
    topic: topics.map((x) => ({ code: x.slug, names: [x.slug, x.nameZh, x.nameEn] })),
    base: bases.map((x) => ({ code: x.slug, names: [x.slug, x.nameZh, x.nameEn] })),
  };
  const out = {} as Record<Facet, string[]>;
  const problems: FilterProblem[] = [];
  for (const facet of FACETS) {
    const values: string[] = [];
    for (const value of filters[facet]) {
      const hit = choices[facet].find((c) => c.names.some((n) => fold(n) === fold(value)));
      if (hit) values.push(hit.code);
      else problems.push({ facet, value, accepted: choices[facet].map((c) => c.code) });
    }
    out[facet] = [...new Set(values)];
  }
  return { filters: out, problems };
}

/** Cases like this one, for its page; empty when search is down. */
export async function relatedCases(caseId: string, limit = 4) {
  try {
    const e = await engine();
    const hits = await timeSearch(e.name, "related", () => e.related(`case-${caseId}`, limit));
    return hits.map((h) => {
      const f = h.fields as Record<string, string | number | undefined>;
      return {
        slug: String(f.slug ?? ""),
        title: String(f.title ?? ""),
        titleEn: String(f.titleEn ?? ""),
        baseNameZh: String(f.baseNameZh ?? ""),
        baseNameEn: String(f.baseNameEn ?? ""),
      };
    });
  } catch (error) {
    if (isSearchUnavailable(error)) return [];
    throw error;
  }
}

/** Fills the engine's caches in the background after a start (no-op for engines without caches). */
export async function warmSearch(): Promise<void> {
  try {
    await (await engine()).warm?.();
  } catch (error) {
    logger.warn({ err: error }, "search warm-up failed");
  }
}
