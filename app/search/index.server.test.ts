import { describe, expect, it } from "vitest";
import { searchConfig } from "./config.server.ts";
import { createSearchEngine } from "./index.server.ts";

describe("engine selection", () => {
  it("defaults to the embedded engine", () => {
    expect(searchConfig({})).toEqual({
      engine: "embedded",
      meiliHost: undefined,
      meiliApiKey: undefined,
      meiliTimeoutMs: 1000,
      relaxBelow: 5,
    });
    expect(createSearchEngine({}).name).toBe("embedded");
  });
  it("uses Meilisearch when MEILI_HOST is set", () => {
    const c = searchConfig({ MEILI_HOST: "http://127.0.0.1:7700", MEILI_API_KEY: "k", MEILI_TIMEOUT_MS: "500" });
    expect(c).toEqual({
      engine: "meilisearch",
      meiliHost: "http://127.0.0.1:7700",
      meiliApiKey: "k",
      meiliTimeoutMs: 500,
      relaxBelow: 5,
    });
    expect(createSearchEngine({ MEILI_HOST: "http://127.0.0.1:7700" }).name).toBe("meilisearch");
    expect(searchConfig({ MEILI_HOST: "http://127.0.0.1:7700", SEARCH_ENGINE: "embedded" }).engine).toBe("embedded");
  });
  it("rejects bad settings with the variable's name", () => {
    expect(() => searchConfig({ MEILI_HOST: "not a url" })).toThrow(/MEILI_HOST/);
    expect(() => searchConfig({ SEARCH_ENGINE: "meilisearch" })).toThrow(/MEILI_HOST/);
    expect(() => searchConfig({ MEILI_HOST: "http://x", MEILI_TIMEOUT_MS: "0" })).toThrow(/MEILI_TIMEOUT_MS/);
  });
  it("refuses the embedded engine on a PostgreSQL database (its index lives in the SQLite file)", () => {
    const url = "postgresql://bee:secret@127.0.0.1:5432/bee";
    expect(() => searchConfig({ DATABASE_URL: url, SEARCH_ENGINE: "embedded" })).toThrow(
      /SEARCH_ENGINE=embedded .*needs a file: DATABASE_URL/,
    );
    expect(() => searchConfig({ DATABASE_URL: url, SEARCH_ENGINE: "embedded" })).not.toThrow(/secret/);
    expect(searchConfig({ DATABASE_URL: url }).engine).toBe("postgres");
    expect(searchConfig({ DATABASE_URL: "file:./data/app.db", SEARCH_ENGINE: "embedded" }).engine).toBe("embedded");
  });
});
