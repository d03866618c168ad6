// The search benchmarks' index schema (search.ts, pg-profile.ts, pg-sampled-ranking.ts): the
// fields, facets and sortables of /search's case index.
import { glossarySynonyms } from "~/models/search-glossary.ts";
import type { IndexSchema } from "~/search/port.ts";

export const benchSchema: IndexSchema = {
  name: "cases",
  searchable: ["title", "summary", "topics", "body"],
  facets: ["topic", "industry", "province", "base", "stage"],
  sortables: ["publishedAt", "helpful"],
  displayed: ["title", "summary", "topic", "industry", "province", "base", "stage", "publishedAt", "helpful"],
  highlight: ["title", "summary"],
  snippet: ["body"],
  // The app's zh↔en glossary: common bench words (品牌, 物流, brand, logistics …) are in it,
  // so most queries are expanded as they would be on /search.
  synonyms: glossarySynonyms(),
};
