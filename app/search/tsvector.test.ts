// Index entries of the PostgreSQL engine: weights by field, positions across fields, the
// 256-position cap, phrase lexemes and the head (ADR 055, ADR 067).
import { describe, expect, it } from "vitest";
import { cutForIndex, fold, segmentChunk } from "./segment.ts";
import { documentEntries, lexemeMemo, tsvectorEntries, tsvectorText, type TsvectorOptions } from "./tsvector.ts";

// Documents mixed from pieces (seeded): Chinese the segmenter cuts, Latin text with marks and
// case, full-width forms, letters above U+FFFF, private-use characters (U+E000, which UTF-16
// and UTF-8 order differently against those), punctuation only, empty fields, shared prefixes.
const PIECES = [
  "外贸转型升级基地推进数字化转型，跨境电商与海外仓协同发展。",
  "冷链物流 cold chain logistics 数字化",
  "Café exports of l'export brand-building: the base's ÉLAN.",
  "ＡＢＣ１２ 全角 ﬁne ① Ⅻ",
  "𠀀字 x𝐀y \ue000z \uffefw 𠀀",
  "…—，。",
  "",
  "品牌建设 标准认证 brand standard 2024 年",
  "trade trade trade 贸易 贸易",
  // Lexemes sharing their first three code units (sorted by a number of those, then the string).
  "warehouses warehouse wares ware war wa w 物流园区 物流园 物流 物",
];
function mixedDocs(n: number): string[][] {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, () =>
    Array.from({ length: 4 }, (_, f) =>
      Array.from(
        { length: f === 3 ? 1 + Math.floor(next() * 12) : Math.floor(next() * 3) },
        () => PIECES[Math.floor(next() * PIECES.length)]!,
      ).join(" "),
    ),
  );
}

/** The entries the plain way (split by the expression, a map per document, then sorted): what the builder must give. */
function reference(texts: string[][], inHead: boolean[], extras: string[][]): Array<{ tsv: string; head: string }> {
  const show = (m: Map<string, number[]>) =>
    [...m]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([lexeme, list]) => {
        const quoted = `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
        return list.length ? `${quoted}:${list.map((p) => `${p & 0x3fff}${"DCBA"[p >> 14]}`).join(",")}` : quoted;
      })
      .join(" ");
  return texts.map((fields, d) => {
    const tsv = new Map<string, number[]>();
    const head = new Map<string, number[]>();
    let pos = 1;
    fields.forEach((text, i) => {
      for (const raw of text.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
        const lexeme = /\p{Script=Han}/u.test(raw) ? raw : raw.normalize("NFD").replace(/\p{M}+/gu, "");
        const at = ((3 - Math.min(i, 3)) << 14) | Math.min(pos++, 16383);
        for (const m of inHead[i] ? [tsv, head] : [tsv]) {
          const list = m.get(lexeme) ?? [];
          if (list.length < 256 && list[list.length - 1] !== at) list.push(at);
          m.set(lexeme, list);
        }
      }
      pos += 100;
    });
    for (const x of extras[d] ?? []) if (!tsv.has(x)) tsv.set(x, []);
    return { tsv: show(tsv), head: show(head) };
  });
}

describe("tsvectorEntries", () => {
  it("weights fields A, B, C, then D, and leaves a gap of 100 positions between fields", () => {
    const [e] = tsvectorEntries(
      [["cold chain", "chain", "x", "body words", "more"]],
      { inHead: [true, true], phrases: [] },
      lexemeMemo(),
    );
    expect(tsvectorText(e!.tsv)).toBe("'body':305D 'chain':2A,103B 'cold':1A 'more':407D 'words':306D 'x':204C");
    expect(tsvectorText(e!.head)).toBe("'chain':2A,103B 'cold':1A");
    expect(e!.latin).toEqual(["cold", "chain", "body", "words", "more"]);
  });

  it("strips diacritics, keeps Chinese tokens whole and leaves numbers out of the vocabulary", () => {
    const [e] = tsvectorEntries([["café 数字 2024 数字"]], { inHead: [true], phrases: [] }, lexemeMemo());
    expect(tsvectorText(e!.tsv)).toBe("'2024':3A 'cafe':1A '数字':2A,4A");
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
    expect(tsvectorText(e!.head)).toBe("'chain':2A 'cold':1A 'cold chain':1A 'logistics':3A");
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
    expect(lexemes).toEqual([...new Set(expected)].sort());
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

  it("gives what splitting the text and a map per document give, lexemes sorted", () => {
    const texts = segmentChunk(cutForIndex, fold, mixedDocs(300)).texts;
    const extras = texts.map((_, d) => [`~b${d % 64}`, "~stage=pilot"]);
    const inHead = [true, true, true, false];
    const memo = lexemeMemo();
    // Twice on one memo: a lexeme's positions from an earlier document never leak into a later one.
    tsvectorEntries(texts, { inHead, phrases: [] }, memo, extras);
    const built = tsvectorEntries(texts, { inHead, phrases: [] }, memo, extras);
    expect(built.map((e) => ({ tsv: tsvectorText(e.tsv), head: tsvectorText(e.head) }))).toEqual(
      reference(texts, inHead, extras),
    );
  });
});

describe("documentEntries", () => {
  it("segments and builds in one pass exactly what segmentChunk's texts give", () => {
    const docs = mixedDocs(300);
    const opts: TsvectorOptions = {
      inHead: [true, true, false, false],
      phrases: [
        ["cold", [["chain"], ["chain", "logistics"]]],
        ["品牌", [["建设"]]],
      ],
    };
    const extras = docs.map((_, d) => [`~b${d % 64}`]);
    const memo = lexemeMemo();
    const once = documentEntries(cutForIndex, fold, docs, opts, memo, extras);
    expect(once).toEqual(tsvectorEntries(segmentChunk(cutForIndex, fold, docs).texts, opts, lexemeMemo(), extras));
    expect(documentEntries(cutForIndex, fold, docs, opts, memo, extras)).toEqual(once);
    expect(once.some((e) => tsvectorText(e.tsv).includes("'cold chain logistics':"))).toBe(true);
    // Each Latin word once per call, at the first document that has it; the union is every document's.
    const listed = once.flatMap((e) => e.latin);
    const each = docs.map((d) => tsvectorEntries(segmentChunk(cutForIndex, fold, [d]).texts, opts, lexemeMemo())[0]!);
    expect(listed).toEqual([...new Set(each.flatMap((e) => e.latin))]);
    expect(listed).toContain("elan");
  });
});
