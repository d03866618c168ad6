// GET /api/search?q=&topic=&industry=&province=&base=&stage=&sort=&page=
// Read-only JSON for other sites and tools: hits, facets, total and time taken.
// Rate-limited per IP and briefly cacheable.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseSearchParams, searchCases } from "~/models/search.server.ts";
import { recordSearch } from "~/models/search-log.server.ts";
import { appOrigin } from "~/utils/env.server.ts";
import { consume, retryAfterHeader, searchLimitChecks } from "~/utils/rate-limit.server.ts";

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const limited = await consume(searchLimitChecks(context, request));
  if (!limited.ok)
    return json(
      { error: "rate_limited", retryAfterMs: limited.retryAfterMs },
      429,
      retryAfterHeader(limited.retryAfterMs),
    );
  const url = new URL(request.url);
  const params = parseSearchParams(url.searchParams);
  const started = performance.now();
  const outcome = await searchCases(params, context.locale);
  if (outcome.ok) recordSearch({ query: params.q, page: params.page, locale: context.locale, results: outcome.total });
  if (!outcome.ok)
    return json({ error: "search_unavailable" }, 503, { "Retry-After": "30", "Cache-Control": "no-store" });
  const origin = appOrigin();
  return json(
    {
      query: params,
      total: outcome.total,
      page: outcome.page,
      pages: outcome.pages,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
      engineMs: outcome.tookMs,
      hits: outcome.hits.map((h) => ({ ...h, url: `${origin}/cases/${h.slug}` })),
      facets: Object.fromEntries(
        outcome.facets.map((f) => [
          f.name,
          f.values.map(({ value, label, count, selected }) => ({ value, label, count, selected })),
        ]),
      ),
    },
    200,
    { "Cache-Control": "public, max-age=30", Vary: "Accept-Language, Cookie" },
  );
}
