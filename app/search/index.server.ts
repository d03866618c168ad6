// Picks the configured engine once per process. The embedded engine is the
// default, so the app runs fully offline; MEILI_HOST switches to Meilisearch.
import { searchConfig } from "./config.server.ts";
import { MeilisearchEngine } from "./meilisearch.server.ts";
import type { SearchEngine } from "./port.ts";
import { SqliteFtsEngine } from "./sqlite-fts.server.ts";

export * from "./port.ts";

const g = globalThis as unknown as { __searchEngine?: SearchEngine };

export function createSearchEngine(source: Record<string, string | undefined> = process.env): SearchEngine {
  const c = searchConfig(source);
  if (c.engine === "meilisearch") {
    return new MeilisearchEngine({ host: c.meiliHost!, apiKey: c.meiliApiKey, timeoutMs: c.meiliTimeoutMs });
  }
  return new SqliteFtsEngine();
}

export function getSearchEngine(): SearchEngine {
  return (g.__searchEngine ??= createSearchEngine());
}
