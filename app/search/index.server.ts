// Picks the configured engine. The embedded engine is the default, so the app
// runs fully offline; MEILI_HOST (or SEARCH_ENGINE=meilisearch) switches to
// Meilisearch. An engine instance serves one index (one IndexSchema); several
// document kinds can share an index through SearchDocument.kind.
import { searchConfig } from "./config.server.ts";
import { MeilisearchEngine } from "./meilisearch.server.ts";
import type { IndexSchema, SearchEngine } from "./port.ts";
import { SqliteFtsEngine } from "./sqlite-fts.server.ts";
import { PostgresSearchEngine } from "./postgres.server.ts";

export * from "./port.ts";

export function createSearchEngine(source: Record<string, string | undefined> = process.env): SearchEngine {
  const c = searchConfig(source);
  if (c.engine === "meilisearch") {
    return new MeilisearchEngine({ host: c.meiliHost!, apiKey: c.meiliApiKey, timeoutMs: c.meiliTimeoutMs });
  }
  if (c.engine === "postgres") return new PostgresSearchEngine({ url: c.postgresUrl! });
  return new SqliteFtsEngine();
}

const g = globalThis as unknown as {
  __searchEngine?: SearchEngine;
  __searchIndexes?: Map<string, Promise<SearchEngine>>;
};

/** Closes every engine this process opened (shutdown): the embedded one holds its own connection to app.db. */
export async function closeSearchEngines(): Promise<void> {
  const engines = [
    g.__searchEngine,
    ...(await Promise.allSettled([...(g.__searchIndexes?.values() ?? [])])).map((r) =>
      r.status === "fulfilled" ? r.value : undefined,
    ),
  ];
  g.__searchEngine = undefined;
  g.__searchIndexes = undefined;
  await Promise.allSettled(engines.map((e) => e?.close?.()));
}

/** The process-wide engine (call ensureIndex(schema) on it before use, or use getSearchIndex). */
export function getSearchEngine(): SearchEngine {
  return (g.__searchEngine ??= createSearchEngine());
}

/**
 * The engine for an index, with its settings applied once per process
 * (ensureIndex: tables or Meilisearch settings). A failed attempt is forgotten so
 * the next call retries (e.g. Meilisearch came back).
 */
export function getSearchIndex(schema: IndexSchema): Promise<SearchEngine> {
  const map = (g.__searchIndexes ??= new Map());
  let ready = map.get(schema.name);
  if (!ready) {
    ready = (async () => {
      const engine = createSearchEngine();
      await engine.ensureIndex(schema);
      return engine;
    })();
    ready.catch(() => map.delete(schema.name));
    map.set(schema.name, ready);
  }
  return ready;
}
