// Search settings from the environment, Zod-checked. Lives here until the lead
// moves these lines into app/utils/env.server.ts (see the report in docs).
import { z } from "zod";

const schema = z.object({
  SEARCH_ENGINE: z.enum(["embedded", "meilisearch"]).optional(),
  MEILI_HOST: z.string().url().optional(),
  MEILI_API_KEY: z.string().min(1).optional(),
  // Outage detection must be quick: a request that takes longer counts as "unavailable".
  MEILI_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(1000),
});

export type SearchConfig = {
  engine: "embedded" | "meilisearch";
  meiliHost?: string;
  meiliApiKey?: string;
  meiliTimeoutMs: number;
};

export function searchConfig(source: Record<string, string | undefined> = process.env): SearchConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new Error(
      `Invalid search settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const e = parsed.data;
  const engine = e.SEARCH_ENGINE ?? (e.MEILI_HOST ? "meilisearch" : "embedded");
  if (engine === "meilisearch" && !e.MEILI_HOST) throw new Error("Invalid search settings: SEARCH_ENGINE=meilisearch needs MEILI_HOST");
  return { engine, meiliHost: e.MEILI_HOST, meiliApiKey: e.MEILI_API_KEY, meiliTimeoutMs: e.MEILI_TIMEOUT_MS };
}
