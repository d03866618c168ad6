// The query parameters each cached page reads (issue 10.8). The page cache used
// to key on the whole URL, so `?x=<random>` missed every time and anyone could
// make every request a full render. Now the key — and the URL the page is
// rendered from on a miss — is the path plus only these parameters, in one
// order: `/cases?x=1&topic=a` and `/cases?topic=a` are the same page.
//
// server/page-query.test.ts reads the route folders and fails when a page that
// the cache serves reads a parameter this table does not name.

/** Personal, per-request or fast-changing pages: the cache never serves them. */
export const UNCACHED_PAGES =
  /^\/(search|api|resources|notifications|feed|settings|admin|affiliation|unsubscribe|login|logout|signup|verify-email|forgot-password|reset-password|cases\/new|cases\/drafts|moderation|report|calls\/new|collections\/new)(\/|$)|\/(edit|delete|moderate|translation|review)$/;

/** Read by every page: the language a link asks for (app/i18n/detect.server.ts). */
const EVERY_PAGE = ["lang"] as const;

/** The discussion under a case (app/features/discussion): sort, page, a comment to show, a form to open. */
const DISCUSSION = ["sort", "cursor", "comment", "replyTo", "edit"] as const;

/** Path patterns of the pages the cache serves, with the parameters their loaders and components read. */
export const PAGE_QUERY_PARAMS: ReadonlyArray<{ route: string; path: RegExp; params: readonly string[] }> = [
  { route: "_index", path: /^\/$/, params: [] },
  {
    route: "cases._index",
    path: /^\/cases\/?$/,
    params: ["topic", "industry", "province", "base", "cursor", "page", "available", "sort"],
  },
  { route: "cases.$slug_.history", path: /^\/cases\/[^/]+\/history\/?$/, params: ["from", "to"] },
  { route: "cases.$slug_.adoption", path: /^\/cases\/[^/]+\/adoption\/?$/, params: [] },
  { route: "cases.$slug_.comments.$id_.history", path: /^\/cases\/[^/]+\/comments\/[^/]+\/history\/?$/, params: [] },
  { route: "cases.$slug_.comments.$id", path: /^\/cases\/[^/]+\/comments\/[^/]+\/?$/, params: [] },
  { route: "cases.$slug", path: /^\/cases\/[^/]+\/?$/, params: [...DISCUSSION, "published", "pending"] },
  { route: "bases._index", path: /^\/bases\/?$/, params: ["industry", "province", "page"] },
  { route: "bases.$slug", path: /^\/bases\/[^/]+\/?$/, params: [] },
  { route: "topics.$slug", path: /^\/topics\/[^/]+\/?$/, params: ["cursor"] },
  { route: "u.$username", path: /^\/u\/[^/]+\/?$/, params: ["notice", "cursor"] },
  { route: "insights", path: /^\/insights\/?$/, params: ["from", "to"] },
  { route: "calls._index", path: /^\/calls\/?$/, params: [] },
  { route: "calls.$slug", path: /^\/calls\/[^/]+\/?$/, params: [] },
  { route: "collections._index", path: /^\/collections\/?$/, params: [] },
  { route: "collections.$slug_.print", path: /^\/collections\/[^/]+\/print\/?$/, params: [] },
  { route: "collections.$slug", path: /^\/collections\/[^/]+\/?$/, params: [] },
  { route: "about", path: /^\/about\/?$/, params: [] },
  { route: "contact", path: /^\/contact\/?$/, params: [] },
  { route: "privacy", path: /^\/privacy\/?$/, params: [] },
  { route: "terms", path: /^\/terms\/?$/, params: [] },
];

/**
 * The parameters `path` reads, or null for a path not in the table (its whole
 * query then stays in the key, as before: correct, only not shared).
 */
export function pageQueryParams(path: string): readonly string[] | null {
  const page = PAGE_QUERY_PARAMS.find((p) => p.path.test(path));
  return page ? [...EVERY_PAGE, ...page.params] : null;
}

/**
 * `path` and the parameters it reads from `search` (a query string, with or
 * without "?"), sorted by name, each name's values in their order. Null when the
 * path is not in the table.
 */
export function canonicalPageUrl(path: string, search: string): string | null {
  const allowed = pageQueryParams(path);
  if (!allowed) return null;
  const given = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const name of [...allowed].sort()) for (const value of given.getAll(name)) kept.append(name, value);
  const query = kept.toString();
  return query ? `${path}?${query}` : path;
}
