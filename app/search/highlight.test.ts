import { describe, expect, it } from "vitest";
import { highlight, matchRanges, snippet } from "./highlight.ts";

const terms = (words: string[], prefixes: string[] = [], han: string[] = []) => ({
  words: new Set(words),
  prefixes,
  han,
});

describe("highlights", () => {
  it("marks whole Latin words only, case- and accent-folded, next to Chinese too", () => {
    expect(highlight("Cold chain, cold-chain; coldness and Chaîne", terms(["cold", "chaine"]))).toBe(
      "<mark>Cold</mark> chain, <mark>cold</mark>-chain; coldness and <mark>Chaîne</mark>",
    );
    expect(highlight("冷链cold链 scold", terms(["cold"]))).toBe("冷链<mark>cold</mark>链 scold");
  });

  it("marks a prefix where a word starts, and Chinese terms anywhere", () => {
    expect(highlight("warehouses rewarehouse 海外仓储", terms([], ["wareh"], ["海外仓"]))).toBe(
      "<mark>wareh</mark>ouses rewarehouse <mark>海外仓</mark>储",
    );
  });

  it("finds the earliest match for a snippet window", () => {
    expect(matchRanges("b a b a", terms(["a", "b"]), true)[0]).toEqual([0, 1]);
    const long = `${"x ".repeat(200)}live streaming ${"y ".repeat(200)}`;
    expect(snippet(long, terms(["streaming"]))).toContain("<mark>streaming</mark>");
  });
});
