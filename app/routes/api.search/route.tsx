// GET /api/search?q=&topic=&industry=&province=&base=&stage=&typical=&sort=&page=
// Read-only JSON for other sites and tools: hits (plain and highlighted fields),
// facets, total and time taken. Documented at /api/openapi.json and /api/docs.
// Rate-limited per IP; cacheable for 2 s at most, so a removed case cannot linger.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { CACHE_SECONDS, MAX_URL_LENGTH } from "~/features/search-api/openapi.ts";
import { normalizeFilters, parseSearchParams, searchCases } from "~/models/search.server.ts";
import { recordSearch } from "~/models/search-log.server.ts";
import { MAX_QUERY_LENGTH } from "~/models/search-params.ts";
import { appOrigin } from "~/utils/env.server.ts";
import { consume, retryAfterHeader, searchLimitChecks } from "~/utils/rate-limit.server.ts";

/** Longest URL answered (the server itself takes 32 KiB of headers): longer ones get 414. */
export { MAX_URL_LENGTH };

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  });

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (request.url.length > MAX_URL_LENGTH)
    return json({ error: "uri_too_long", message: `URLs are limited to ${MAX_URL_LENGTH} characters.` }, 414, {
      "Cache-Control": "no-store",
    });
  const limited = await consume(searchLimitChecks(context, request));
  if (!limited.ok)
    return json(
      { error: "rate_limited", retryAfterMs: limited.retryAfterMs },
      429,
      retryAfterHeader(limited.retryAfterMs),
    );
  const url = new URL(request.url);
  const parsed = parseSearchParams(url.searchParams);
  const { filters, problems } = await normalizeFilters(parsed.filters);
  if (problems.length)
    return json(
      {
        error: "bad_filter",
        message: problems
          .map((p) => `Unknown ${p.facet} "${p.value}". Accepted: ${p.accepted.join(", ")} (or their names).`)
          .join(" "),
        problems,
      },
      400,
      { "Cache-Control": "no-store" },
    );
  const params = { ...parsed, filters };
  const rawQuery = (url.searchParams.get("q") ?? "").replace(/\s+/g, " ").trim();
  const truncated = Array.from(rawQuery).length > MAX_QUERY_LENGTH;
  const started = performance.now();
  const outcome = await searchCases(params, context.locale);
  if (outcome.ok) recordSearch({ query: params.q, page: params.page, locale: context.locale, results: outcome.total });
  if (!outcome.ok)
    return json({ error: "search_unavailable" }, 503, { "Retry-After": "30", "Cache-Control": "no-store" });
  const origin = appOrigin();
  return json(
    {
      query: params,
      ...(truncated
        ? { notices: [{ code: "query_truncated", message: `The query was cut to ${MAX_QUERY_LENGTH} characters.` }] }
        : {}),
      total: outcome.total,
      page: outcome.page,
      pages: outcome.pages,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
      engineMs: outcome.tookMs,
      ...(outcome.relaxed ? { partial: outcome.relaxed } : {}),
      hits: outcome.hits.map((h) => ({ ...h, url: `${origin}/cases/${h.slug}` })),
      facets: Object.fromEntries(
        outcome.facets.map((f) => [
          f.name,
          f.values.map(({ value, label, count, selected }) => ({ value, label, count, selected })),
        ]),
      ),
    },
    200,
    { "Cache-Control": `public, max-age=${CACHE_SECONDS}`, Vary: "Accept-Language, Cookie" },
  );
}
