// The benchmark's query mix: Chinese and English, common and rare words,
// compounds, mixed zh/en, typos, as-you-type prefixes, browsing by facet; half
// with filters, all with facet counts, some sorted by date or helpfulness.
import type { SearchQuery } from "~/search/port.ts";
import { EN_RARE, EN_WORDS, INDUSTRIES, PROVINCES, rng, STAGES, TOPICS, ZH_RARE, ZH_WORDS } from "./generate.ts";

export const FACETS = ["topic", "industry", "province", "base", "stage"];

export interface BenchQuery {
  category: string;
  query: SearchQuery;
}

export function makeQueries(count: number, seed = 7): BenchQuery[] {
  const rand = rng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!;
  const zhCommon = ZH_WORDS.slice(0, 30);
  const zhMid = ZH_WORDS.slice(30);
  const enContent = EN_WORDS.filter((w) => w.length > 3);
  const typo = (w: string) => {
    const i = 1 + int(w.length - 2);
    return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2); // swap two neighbours
  };
  const makers: Array<[string, number, () => string]> = [
    ["zh common word", 15, () => pick(zhCommon)],
    ["zh word", 15, () => pick(zhMid)],
    ["zh rare word", 8, () => pick(ZH_RARE)],
    ["zh two words", 10, () => `${pick(zhCommon)} ${pick(zhMid)}`],
    [
      "zh compound",
      7,
      () => pick(["跨境电商", "外贸转型升级基地", "数字化转型", "公共服务平台", "产业集群", "品牌建设"]),
    ],
    ["en common word", 10, () => pick(enContent.slice(0, 30))],
    ["en word", 8, () => pick(enContent)],
    ["en rare word", 5, () => pick(EN_RARE)],
    ["en two words", 6, () => `${pick(enContent.slice(0, 40))} ${pick(enContent)}`],
    ["en typo", 4, () => typo(pick(enContent.filter((w) => w.length >= 6)))],
    [
      "en prefix",
      4,
      () => {
        const w = pick(enContent.filter((x) => x.length >= 6));
        return w.slice(0, 3 + int(w.length - 4));
      },
    ],
    ["mixed zh/en", 4, () => `${pick(ZH_WORDS.slice(0, 60))} ${pick(enContent)}`],
    ["browse (empty q)", 4, () => ""],
    // Partial matching (issue 13): three or four words, one of which no document has,
    // so every word finds nothing and the engine relaxes.
    [
      "relaxed fallback",
      6,
      () =>
        rand() < 0.5
          ? `${pick(zhMid)} ${pick(zhCommon)} ${pick(ZH_RARE)}火星词`
          : `${pick(enContent.slice(0, 40))} ${pick(enContent)} ${pick(enContent)} zyxwvq`,
    ],
  ];
  const total = makers.reduce((s, m) => s + m[1], 0);
  const out: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    let x = rand() * total;
    const maker = makers.find((m) => (x -= m[1]) < 0) ?? makers[0]!;
    const filters: Record<string, string[]> = {};
    const withFilters = maker[0] === "browse (empty q)" || rand() < 0.5;
    if (withFilters) {
      const n = 1 + int(2);
      for (let k = 0; k < n; k++) {
        const f = pick(["topic", "industry", "province", "stage", "industry"]);
        const v =
          f === "topic"
            ? pick(TOPICS)[0]
            : f === "industry"
              ? pick(INDUSTRIES)
              : f === "province"
                ? pick(PROVINCES)
                : pick(STAGES);
        (filters[f] ??= []).push(v);
      }
    }
    const r = rand();
    const sort: SearchQuery["sort"] =
      r < 0.7
        ? "relevance"
        : r < 0.9
          ? { field: "publishedAt", direction: "desc" }
          : { field: "helpful", direction: "desc" };
    out.push({
      category: maker[0] + (withFilters ? " +filters" : ""),
      query: {
        q: maker[2](),
        filters,
        sort,
        page: rand() < 0.85 ? 1 : 2 + int(3),
        perPage: 20,
        facets: FACETS,
        highlight: true,
        // As /search asks (SEARCH_RELAX_BELOW's default).
        relaxBelow: 5,
      },
    });
  }
  return out;
}
