// The glossary is data that reviewers extend by hand: keep it well formed.
import { describe, expect, it } from "vitest";
import { segmentQuery } from "~/search/segment.ts";
import { glossarySynonyms, SEARCH_GLOSSARY } from "./search-glossary.ts";

describe("search glossary", () => {
  it("pairs Chinese and English names, each term in one entry only", () => {
    expect(SEARCH_GLOSSARY.length).toBeGreaterThanOrEqual(60);
    const seen = new Map<string, number>();
    SEARCH_GLOSSARY.forEach((e, i) => {
      expect(e.zh.length, JSON.stringify(e)).toBeGreaterThan(0);
      expect(e.en.length, JSON.stringify(e)).toBeGreaterThan(0);
      for (const t of e.zh) expect(t, t).toMatch(/^\p{Script=Han}+$/u);
      for (const t of e.en) expect(t, t).toMatch(/^[a-z][a-z0-9 -]*$/);
      for (const t of [...e.zh, ...e.en]) {
        expect(seen.get(t), `${t} is in entries ${seen.get(t)} and ${i}`).toBeUndefined();
        seen.set(t, i);
      }
    });
  });

  it("has only terms the engines can expand (one Chinese run, or Latin words)", () => {
    for (const group of glossarySynonyms()) {
      for (const term of group) {
        const parts = segmentQuery(term);
        expect(parts.length, term).toBeGreaterThan(0);
        expect(parts.every((p) => p.kind === "word") || (parts.length === 1 && parts[0]!.kind === "han"), term).toBe(
          true,
        );
      }
    }
  });
});
