// Search settings, read through the app's one Zod-checked env module (the
// variables are declared in app/utils/env.server.ts). `source` lets tests pass
// their own environment.
import { parseEnv } from "~/utils/env.server.ts";

export type SearchConfig = {
  engine: "embedded" | "meilisearch";
  meiliHost?: string;
  meiliApiKey?: string;
  meiliTimeoutMs: number;
  /** Partial matching threshold (SearchQuery.relaxBelow). */
  relaxBelow: number;
};

export function searchConfig(source: Record<string, string | undefined> = process.env): SearchConfig {
  const e = parseEnv(source);
  const engine = e.SEARCH_ENGINE ?? (e.MEILI_HOST ? "meilisearch" : "embedded");
  if (engine === "meilisearch" && !e.MEILI_HOST)
    throw new Error("Invalid search settings: SEARCH_ENGINE=meilisearch needs MEILI_HOST");
  return {
    engine,
    meiliHost: e.MEILI_HOST,
    meiliApiKey: e.MEILI_API_KEY,
    meiliTimeoutMs: e.MEILI_TIMEOUT_MS,
    relaxBelow: e.SEARCH_RELAX_BELOW,
  };
}
