// GET /api/search, answered once for both ways in: the Remix route
// (app/routes/api.search, what tests and development use) and the plain Express
// handler the production server mounts in front of Remix (searchApiExpressHandler
// below). The plain handler skips Remix's route matching, its Request/Response
// conversion and the single-fetch machinery, which cost more CPU per request than
// the rest of the answer outside the engine (issue 15 point 3, ADR 050).
import type { AppLoadContext } from "@remix-run/node";
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { normalizeFilters, parseSearchParams, searchCases } from "~/models/search.server.ts";
import { recordSearch } from "~/models/search-log.server.ts";
import { MAX_QUERY_LENGTH } from "~/models/search-params.ts";
import { appOrigin } from "~/utils/env.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { consume, retryAfterHeader, searchLimitChecks } from "~/utils/rate-limit.server.ts";
import { CACHE_SECONDS, MAX_URL_LENGTH } from "./openapi.ts";

export interface SearchApiAnswer {
  status: number;
  headers: Record<string, string>;
  /** The JSON text. */
  body: string;
}

/** What the answer reads of a request: its full URL, its headers and who asks. */
export interface SearchApiRequest {
  url: string;
  headers: { get(name: string): string | null };
  context: Pick<AppLoadContext, "user" | "clientIp" | "locale">;
}

const JSON_TYPE = "application/json; charset=utf-8";

const answer = (body: unknown, status: number, headers: Record<string, string> = {}): SearchApiAnswer => ({
  status,
  headers: { "Content-Type": JSON_TYPE, ...headers },
  body: JSON.stringify(body),
});

export async function answerSearchApi({ url: href, headers, context }: SearchApiRequest): Promise<SearchApiAnswer> {
  if (href.length > MAX_URL_LENGTH)
    return answer({ error: "uri_too_long", message: `URLs are limited to ${MAX_URL_LENGTH} characters.` }, 414, {
      "Cache-Control": "no-store",
    });
  const limited = await consume(searchLimitChecks(context, { headers }));
  if (!limited.ok)
    return answer(
      { error: "rate_limited", retryAfterMs: limited.retryAfterMs },
      429,
      retryAfterHeader(limited.retryAfterMs),
    );
  const url = new URL(href);
  const parsed = parseSearchParams(url.searchParams);
  const { filters, problems } = await normalizeFilters(parsed.filters);
  if (problems.length)
    return answer(
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
  if (!outcome.ok)
    return answer({ error: "search_unavailable" }, 503, { "Retry-After": "30", "Cache-Control": "no-store" });
  recordSearch({ query: params.q, page: params.page, locale: context.locale, results: outcome.total });
  const origin = appOrigin();
  return answer(
    {
      query: params,
      ...(truncated
        ? { notices: [{ code: "query_truncated", message: `The query was cut to ${MAX_QUERY_LENGTH} characters.` }] }
        : {}),
      total: outcome.total,
      totalExact: outcome.totalExact,
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

/** The answer as the Remix route returns it. */
export function toResponse(a: SearchApiAnswer): Response {
  return new Response(a.body, { status: a.status, headers: a.headers });
}

/**
 * The plain Express handler for GET/HEAD /api/search. `loadContext` is the build's
 * createLoadContext (entry.server.tsx), so the session, language and cookies it
 * sets are the Remix route's. Other methods go on to Remix, which answers them as
 * it answers any resource route without an action.
 */
export function searchApiExpressHandler(
  loadContext: (req: ExpressRequest, res: ExpressResponse) => Promise<AppLoadContext>,
) {
  return (req: ExpressRequest, res: ExpressResponse, next: (err?: unknown) => void) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    void (async () => {
      const context = await loadContext(req, res);
      const a = await answerSearchApi({
        url: `${req.protocol}://${req.get("host")}${req.originalUrl}`,
        headers: { get: (name) => req.get(name) ?? null },
        context,
      });
      res.status(a.status);
      for (const [name, value] of Object.entries(a.headers)) res.setHeader(name, value);
      res.end(a.body);
    })().catch((error: unknown) => {
      // What Remix does with a loader that throws: log it (entry.server.tsx handleError) and answer 500.
      logger.error({ err: error, url: req.originalUrl }, "unhandled error");
      if (res.headersSent) res.destroy();
      else res.status(500).type("text/plain").end("Unexpected Server Error");
    });
  };
}
