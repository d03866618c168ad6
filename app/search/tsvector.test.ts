// Index entries of the PostgreSQL engine: weights by field, positions across fields, the
// 256-position cap, phrase lexemes and the head (ADR 055, ADR 067).
import { describe, expect, it } from "vitest";
import { lexemeMemo, tsvectorEntries, tsvectorText } from "./tsvector.ts";

describe("tsvectorEntries", () => {
  it("weights fields A, B, C, then D, and leaves a gap of 100 positions between fields", () => {
    const [e] = tsvectorEntries(
      [["cold chain", "chain", "x", "body words", "more"]],
      { inHead: [true, true], phrases: [] },
      lexemeMemo(),
    );
    expect(tsvectorText(e!.tsv)).toBe("'cold':1A 'chain':2A,103B 'x':204C 'body':305D 'words':306D 'more':407D");
    expect(tsvectorText(e!.head)).toBe("'cold':1A 'chain':2A,103B");
    expect(e!.latin).toEqual(["cold", "chain", "body", "words", "more"]);
  });

  it("strips diacritics, keeps Chinese tokens whole and leaves numbers out of the vocabulary", () => {
    const [e] = tsvectorEntries([["café 数字 2024 数字"]], { inHead: [true], phrases: [] }, lexemeMemo());
    expect(tsvectorText(e!.tsv)).toBe("'cafe':1A '数字':2A,4A '2024':3A");
    expect(e!.latin).toEqual(["cafe"]);
  });

  it("indexes a synonym phrase as one lexeme at its first word, and caps a lexeme at 256 positions", () => {
    const words = Array.from({ length: 300 }, () => "trade").join(" ");
    const [e] = tsvectorEntries(
      [["cold chain logistics", words]],
      { inHead: [true, false], phrases: [["cold", [["chain"], ["storage"]]]] },
      lexemeMemo(),
    );
    expect(tsvectorText(e!.tsv)).toContain("'cold chain':1A");
    expect(tsvectorText(e!.tsv)).not.toContain("cold storage");
    expect(
      tsvectorText(e!.tsv)
        .match(/'trade':([^ ]*)/)![1]!
        .split(","),
    ).toHaveLength(256);
    expect(tsvectorText(e!.head)).toBe("'cold':1A 'cold chain':1A 'chain':2A 'logistics':3A");
  });

  it("splits words exactly as /[^\\p{L}\\p{N}]+/u does, beyond ASCII and common Chinese too", () => {
    // Combining marks, letters outside the BMP (surrogate pairs), lone surrogates, full-width
    // and other scripts' digits, ligatures, dashes and ellipses.
    const text = "a\u0301b 𠀀x y x𝐀y é-ü \ud800x \udc00 ＡＢＣ１２ ①② Ⅻ ﬁ ǅ ١٢٣ 数字化转型abc tab\tnew—dash…end";
    const [e] = tsvectorEntries([[text]], { inHead: [true], phrases: [] }, lexemeMemo());
    const expected = text
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map((w) => w.normalize("NFD").replace(/\p{M}+/gu, ""));
    const lexemes = [...tsvectorText(e!.tsv).matchAll(/'((?:[^']|'')*)':/g)].map((m) => m[1]!.replace(/''/g, "'"));
    expect(lexemes).toEqual([...new Set(expected)]);
    expect(lexemes).toContain("𠀀x");
  });

  it("keeps the last position once past 16383, and puts extra lexemes in the tsv only", () => {
    const long = Array.from({ length: 16290 }, (_, i) => (i < 16280 ? "a" : "z")).join(" ");
    const [e] = tsvectorEntries([["title", long]], { inHead: [true], phrases: [] }, lexemeMemo(), [
      ["~b7", "~stage=pilot"],
    ]);
    // Positions ascend without repeats (the binary form refuses anything else): 16382, 16383 once.
    expect(tsvectorText(e!.tsv)).toContain("'z':16382B,16383B '~b7' '~stage=pilot'");
    expect(tsvectorText(e!.head)).toBe("'title':1A");
  });
});
