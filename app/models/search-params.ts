// The search page's state as it lives in the URL (q, one parameter per selected
// facet value, sort, page). Shared by the server and the page's components.
export const FACETS = ["topic", "industry", "province", "base", "stage", "typical"] as const;
export type Facet = (typeof FACETS)[number];
export const SORTS = ["relevance", "newest", "helpful", "adopted"] as const;
export type Sort = (typeof SORTS)[number];
export const MAX_QUERY_LENGTH = 200;

export interface SearchParams {
  q: string;
  filters: Record<Facet, string[]>;
  sort: Sort;
  page: number;
}

/** The first `max` characters (code points: never half of an emoji or a rare hanzi). */
function clip(value: string, max: number): string {
  return value.length <= max ? value : Array.from(value).slice(0, max).join("");
}

export function parseSearchParams(params: URLSearchParams): SearchParams {
  const filters = Object.fromEntries(
    FACETS.map((f) => [
      f,
      [
        ...new Set(
          params
            .getAll(f)
            .map((v) => clip(v, 80))
            .filter(Boolean),
        ),
      ].slice(0, 20),
    ]),
  ) as Record<Facet, string[]>;
  const sort = params.get("sort");
  const page = Number(params.get("page"));
  return {
    // Clipped, then trimmed again: the cut may end on a space.
    q: clip((params.get("q") ?? "").replace(/\s+/g, " ").trim(), MAX_QUERY_LENGTH).trim(),
    filters,
    sort: (SORTS as readonly string[]).includes(sort ?? "") ? (sort as Sort) : "relevance",
    page: Number.isInteger(page) && page > 0 && page <= 500 ? page : 1,
  };
}
