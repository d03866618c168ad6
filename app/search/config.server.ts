// Search settings, read through the app's one Zod-checked env module (the
// variables are declared in app/utils/env.server.ts). `source` lets tests pass
// their own environment.
import { parseEnv } from "~/utils/env.server.ts";

export type SearchConfig = {
  engine: "embedded" | "meilisearch" | "postgres";
  /** postgres: where the index tables live (SEARCH_DATABASE_URL, else a postgres DATABASE_URL). */
  postgresUrl?: string;
  meiliHost?: string;
  meiliApiKey?: string;
  meiliTimeoutMs: number;
  /** Partial matching threshold (SearchQuery.relaxBelow). */
  relaxBelow: number;
};

export function searchConfig(source: Record<string, string | undefined> = process.env): SearchConfig {
  const e = parseEnv(source);
  const appOnPostgres = /^postgres(ql)?:\/\//.test(source.DATABASE_URL ?? "");
  // On PostgreSQL the app may run on several nodes: the default index is the one they share (ADR 047).
  const engine = e.SEARCH_ENGINE ?? (e.MEILI_HOST ? "meilisearch" : appOnPostgres ? "postgres" : "embedded");
  if (engine === "meilisearch" && !e.MEILI_HOST)
    throw new Error("Invalid search settings: SEARCH_ENGINE=meilisearch needs MEILI_HOST");
  // The embedded engine keeps its index in the app's SQLite file: on another database it
  // would open a new SQLite file named after the URL (a folder "postgresql:" in the working directory).
  if (engine === "embedded" && source.DATABASE_URL && !/^file:/i.test(source.DATABASE_URL))
    throw new Error(
      "Invalid search settings: SEARCH_ENGINE=embedded keeps its index in the SQLite database and needs a file: DATABASE_URL; " +
        "with a PostgreSQL DATABASE_URL use SEARCH_ENGINE=postgres (the default there) or meilisearch",
    );
  const postgresUrl = e.SEARCH_DATABASE_URL ?? (appOnPostgres ? source.DATABASE_URL : undefined);
  if (engine === "postgres" && !postgresUrl)
    throw new Error(
      "Invalid search settings: SEARCH_ENGINE=postgres needs SEARCH_DATABASE_URL (or DATABASE_URL) set to a postgresql:// URL",
    );
  return {
    engine,
    postgresUrl,
    meiliHost: e.MEILI_HOST,
    meiliApiKey: e.MEILI_API_KEY,
    meiliTimeoutMs: e.MEILI_TIMEOUT_MS,
    relaxBelow: e.SEARCH_RELAX_BELOW,
  };
}
