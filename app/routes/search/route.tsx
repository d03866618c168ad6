import { AppLink } from "~/components/app-link.tsx";
import { pageTitle } from "~/utils/page-meta.ts";
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { tFor } from "~/i18n/i18n.server.ts";
import { normalizeFilters, searchCases } from "~/models/search.server.ts";
import { recordSearch } from "~/models/search-log.server.ts";
import { parseSearchParams, SORTS, type SearchParams } from "~/models/search-params.ts";
import { listTopics, topicName } from "~/models/topic.server.ts";
import { consume, rateLimitMessage, retryAfterHeader, searchLimitChecks } from "~/utils/rate-limit.server.ts";
import { formatNumber } from "~/utils/format.ts";
import { retryAfterHeaders } from "~/utils/route-headers.ts";
import { inMarkupOnly, markupHtml } from "~/utils/markup-once.ts";
import type { Locale } from "~/i18n/config.ts";
import { facetsHtml, hitsHtml } from "./search-markup.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseSearchParams(url.searchParams);
  // Names in either language become codes (province=Fujian, 福建); values naming
  // nothing stay as typed and simply match nothing, as before.
  const { filters, problems } = await normalizeFilters(parsed.filters);
  for (const p of problems) filters[p.facet].push(p.value);
  const params = { ...parsed, filters };
  const locale = context.locale;
  const t = tFor(locale);
  const meta = {
    title: pageTitle(params.q ? `${params.q} · ${t("search:title")}` : t("search:title"), t("common:appName")),
    description: t("search:description"),
  };
  const limited = await consume(searchLimitChecks(context, request));
  if (!limited.ok) {
    return data(
      { params, outcome: null, limitedMessage: rateLimitMessage(locale, limited.retryAfterMs), topics: [], meta },
      { status: 429, headers: retryAfterHeader(limited.retryAfterMs) },
    );
  }
  const outcome = await searchCases(params, locale);
  if (outcome.ok) recordSearch({ query: params.q, page: params.page, locale, results: outcome.total });
  // When nothing matches (or search is down), offer topics to browse instead.
  const topics =
    !outcome.ok || outcome.total === 0
      ? (await listTopics()).map((tp) => ({ slug: tp.slug, name: topicName(tp, locale) }))
      : [];
  return data(
    {
      params,
      outcome: outcome.ok ? pageOutcome(outcome, locale, context.document) : outcome,
      limitedMessage: null,
      topics,
      meta,
    },
    { status: outcome.ok ? 200 : 503 },
  );
}

type Found = Extract<Awaited<ReturnType<typeof searchCases>>, { ok: true }>;

/**
 * The outcome as the page shows it: the results and the facet checkboxes as HTML
 * (search-markup.ts), not the hits' and facet values' fields, and in a document those
 * left to the markup (ADR 065, markup-once.ts).
 */
function pageOutcome(outcome: Found, locale: Locale, isDocument: boolean | undefined) {
  const { hits, facets, ...rest } = outcome;
  const t = tFor(locale);
  return inMarkupOnly(
    { ...rest, hitsHtml: hitsHtml(hits, t, locale), facetsHtml: facetsHtml(facets, t, locale) },
    ["hitsHtml", "facetsHtml"],
    isDocument,
  );
}

// Results depend on the index, which changes as cases are published.
export const headers: HeadersFunction = (args) => {
  // A 429 carries its Retry-After to the browser too (issue 10.5).
  const out = new Headers(retryAfterHeaders(args));
  out.set("Cache-Control", "no-store");
  return out;
};

function hrefWith(params: SearchParams, change: (p: URLSearchParams) => void) {
  const p = new URLSearchParams();
  if (params.q) p.set("q", params.q);
  for (const [facet, values] of Object.entries(params.filters)) for (const v of values) p.append(facet, v);
  if (params.sort !== "relevance") p.set("sort", params.sort);
  change(p);
  return `/search?${p}`;
}

export default function SearchPage() {
  const { params, outcome, limitedMessage, topics } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("search");
  const submit = useSubmit();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const searching = navigation.state === "loading" && navigation.location.pathname === "/search";
  useEffect(() => () => timer.current && clearTimeout(timer.current), []);

  // Results as you type: a debounced GET of the same form (the URL keeps the state).
  // Not while an input method composes (pinyin "chuhai" before 出海 is chosen): one
  // search after compositionend, debounced like typing (issue 13).
  const composing = useRef(false);
  const schedule = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (formRef.current && !composing.current) submit(formRef.current, { replace: true, preventScrollReset: true });
    }, 300);
  };
  const onInput = (e: React.FormEvent<HTMLInputElement>) => {
    if (composing.current || (e.nativeEvent as InputEvent).isComposing) return;
    schedule();
  };
  const onCompositionStart = () => {
    composing.current = true;
    if (timer.current) clearTimeout(timer.current);
  };
  const onCompositionEnd = () => {
    composing.current = false;
    schedule();
  };
  const onFilterChange = () => formRef.current && submit(formRef.current, { replace: true, preventScrollReset: true });
  // The facet checkboxes are markup (search-markup.ts), not React elements: one native
  // listener hears their changes (React's onChange does not reach into innerHTML).
  const facetsRef = useRef<HTMLDivElement>(null);
  const filterChanged = useRef(onFilterChange);
  filterChanged.current = onFilterChange;
  const hasFacets = outcome?.ok ?? false;
  useEffect(() => {
    const el = facetsRef.current;
    if (!el) return;
    const listener = () => filterChanged.current();
    el.addEventListener("change", listener);
    return () => el.removeEventListener("change", listener);
  }, [hasFacets]);

  return (
    <div className="search-page">
      <h1>{t("title")}</h1>
      <Form method="get" action="/search" ref={formRef} role="search" className="search-form" aria-label={t("title")}>
        <div className="search-box">
          <label htmlFor="search-q" className="sr-only">
            {t("label")}
          </label>
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={params.q}
            maxLength={200}
            placeholder={t("placeholder")}
            onInput={onInput}
            onCompositionStart={onCompositionStart}
            onCompositionEnd={onCompositionEnd}
            autoComplete="off"
            aria-describedby="search-status"
          />
          <button type="submit">{t("submit")}</button>
        </div>
        <div className="search-layout">
          <aside className="facets" aria-label={t("filters")}>
            {/* Phones (issue 12.7): the filters fold into a toggle before the results
                (they used to sit below them); wider screens show them beside the results. */}
            <details className="facets-toggle">
              <summary>
                {t("filters")}
                {outcome?.ok && outcome.chips.length > 0
                  ? ` (${formatNumber(outcome.chips.length, i18n.language)})`
                  : ""}
              </summary>
              <div className="field">
                <label htmlFor="search-sort">{t("sort.label")}</label>
                <select id="search-sort" name="sort" defaultValue={params.sort} onChange={onFilterChange}>
                  {SORTS.map((s) => (
                    <option key={s} value={s}>
                      {t(`sort.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
              {outcome?.ok ? (
                <div
                  ref={facetsRef}
                  className="facet-groups"
                  dangerouslySetInnerHTML={{
                    __html: markupHtml(outcome.facetsHtml, "search-facets", () =>
                      document.querySelector(".facet-groups"),
                    ),
                  }}
                />
              ) : null}
              <noscript>
                <button type="submit">{t("apply")}</button>
              </noscript>
            </details>
          </aside>
          <section className="results" aria-labelledby="results-title" aria-busy={searching}>
            <h2 id="results-title" className="sr-only">
              {t("results")}
            </h2>
            {outcome?.ok && outcome.chips.length > 0 ? (
              <ul className="chips" aria-label={t("activeFilters")}>
                {outcome.chips.map((c) => (
                  <li key={`${c.facet}:${c.value}`}>
                    <AppLink
                      to={hrefWith(params, (p) => {
                        const rest = p.getAll(c.facet).filter((v) => v !== c.value);
                        p.delete(c.facet);
                        for (const v of rest) p.append(c.facet, v);
                      })}
                      preventScrollReset
                      aria-label={t("removeFilter", { label: c.label })}
                    >
                      {c.label} <span aria-hidden="true">×</span>
                    </AppLink>
                  </li>
                ))}
                <li>
                  <AppLink
                    to={hrefWith(params, (p) =>
                      [...new Set(p.keys())].filter((k) => k !== "q").forEach((k) => p.delete(k)),
                    )}
                  >
                    {t("clearFilters")}
                  </AppLink>
                </li>
              </ul>
            ) : null}
            <p id="search-status" role="status" aria-live="polite" className="meta">
              {limitedMessage
                ? limitedMessage
                : outcome?.ok
                  ? t(outcome.totalExact ? "count" : "countAbout", {
                      count: outcome.total,
                      ms: Math.max(1, Math.round(outcome.tookMs)),
                    })
                  : null}
            </p>
            {outcome?.ok && outcome.relaxed && outcome.relaxed.ignored.length > 0 ? (
              <p className="notice partial-match">
                {t("partial", {
                  min: outcome.relaxed.below,
                  words: outcome.relaxed.ignored.join(i18n.language === "en" ? ", " : "、"),
                })}
              </p>
            ) : null}
            {outcome && !outcome.ok ? (
              <div className="warning" role="alert">
                <p>{t("unavailable")}</p>
                <p>
                  <AppLink to="/cases">{t("browseCases")}</AppLink> · <AppLink to="/bases">{t("browseBases")}</AppLink>
                </p>
              </div>
            ) : null}
            {outcome?.ok && outcome.total === 0 ? (
              <div className="no-results">
                <p>{params.q ? t("noResults", { q: params.q }) : t("noResultsFilters")}</p>
                <ul>
                  {outcome.chips.length > 0 ? (
                    <li>
                      <AppLink
                        to={hrefWith(params, (p) =>
                          [...new Set(p.keys())].filter((k) => k !== "q").forEach((k) => p.delete(k)),
                        )}
                      >
                        {t("suggestRemoveFilters")}
                      </AppLink>
                    </li>
                  ) : null}
                  <li>{t("suggestFewerWords")}</li>
                </ul>
              </div>
            ) : null}
            {topics.length > 0 ? (
              <p className="meta">
                {t("browseTopics")}{" "}
                {topics.map((tp) => (
                  <AppLink key={tp.slug} to={`/topics/${tp.slug}`} className="tag">
                    {tp.name}
                  </AppLink>
                ))}
              </p>
            ) : null}
            {outcome?.ok ? (
              <ol
                className="hits"
                start={(outcome.page - 1) * 20 + 1}
                dangerouslySetInnerHTML={{
                  __html: markupHtml(outcome.hitsHtml, "search-hits", () => document.querySelector("ol.hits")),
                }}
              />
            ) : null}
            {outcome?.ok && outcome.pages > 1 ? (
              <nav className="pagination" aria-label={t("common:pagination.label")}>
                {outcome.page > 1 ? (
                  <AppLink to={hrefWith(params, (p) => p.set("page", String(outcome.page - 1)))}>
                    {t("common:pagination.previous")}
                  </AppLink>
                ) : null}
                <span>{t("common:pagination.page", { page: outcome.page, pages: outcome.pages })}</span>
                {outcome.page < outcome.pages ? (
                  <AppLink to={hrefWith(params, (p) => p.set("page", String(outcome.page + 1)))}>
                    {t("common:pagination.next")}
                  </AppLink>
                ) : null}
              </nav>
            ) : null}
          </section>
        </div>
      </Form>
    </div>
  );
}

// Result pages are not for search engines (noindex); the description serves link previews.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title },
  { name: "description", content: data?.meta.description },
  { name: "robots", content: "noindex" },
];
