// The search page's state as it lives in the URL (q, one parameter per selected
// facet value, sort, page). Shared by the server and the page's components.
export const FACETS = ["topic", "industry", "province", "base", "stage"] as const;
export type Facet = (typeof FACETS)[number];
export const SORTS = ["relevance", "newest", "helpful"] as const;
export type Sort = (typeof SORTS)[number];
export const MAX_QUERY_LENGTH = 200;

export interface SearchParams {
  q: string;
  filters: Record<Facet, string[]>;
  sort: Sort;
  page: number;
}

export function parseSearchParams(params: URLSearchParams): SearchParams {
  const filters = Object.fromEntries(
    FACETS.map((f) => [
      f,
      [
        ...new Set(
          params
            .getAll(f)
            .map((v) => v.slice(0, 80))
            .filter(Boolean),
        ),
      ].slice(0, 20),
    ]),
  ) as Record<Facet, string[]>;
  const sort = params.get("sort");
  const page = Number(params.get("page"));
  return {
    q: (params.get("q") ?? "").replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_LENGTH),
    filters,
    sort: (SORTS as readonly string[]).includes(sort ?? "") ? (sort as Sort) : "relevance",
    page: Number.isInteger(page) && page > 0 && page <= 500 ? page : 1,
  };
}
