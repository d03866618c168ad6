// Properties of query and text segmentation (issue 10.13): any input gives a
// result (never throws); tokens are non-empty pieces of the folded query, of the
// kind they claim; folding is idempotent; the query's parts come in order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fold, segmentForIndex, segmentQuery, stripDiacritics } from "./segment.ts";

const input = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ maxLength: 60, unit: "binary" }),
  fc.string({ maxLength: 60, unit: "grapheme" }),
  fc
    .array(
      fc.constantFrom(
        "跨境电商",
        "品牌",
        "Café",
        "ＡＢＣ",
        "１２３",
        "数字化转型",
        " ",
        "\u0000",
        "\u202e",
        "\ufeff",
        "Ⅻ",
        "𠀀",
        "ß",
      ),
      {
        maxLength: 12,
      },
    )
    .map((parts) => parts.join("")),
);

describe("segmentation (properties)", () => {
  it("segmentQuery never throws; each part is a non-empty piece of the folded query, in order", () => {
    fc.assert(
      fc.property(input, (q) => {
        const parts = segmentQuery(q);
        const folded = fold(q);
        let from = 0;
        for (const part of parts) {
          expect(part.raw.length).toBeGreaterThan(0);
          const at = folded.indexOf(part.raw, from);
          expect(at, `${JSON.stringify(part.raw)} in ${JSON.stringify(folded)}`).toBeGreaterThanOrEqual(0);
          from = at + part.raw.length;
          if (part.kind === "han") {
            expect(part.tokens.length).toBeGreaterThan(0);
            for (const t of part.tokens) {
              expect(t.length).toBeGreaterThan(0);
              expect(part.raw).toContain(t);
            }
          } else {
            expect(part.token).toBe(stripDiacritics(part.raw));
            expect(part.token).not.toMatch(/\s/);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("fold and stripDiacritics are idempotent", () => {
    fc.assert(
      fc.property(input, (s) => {
        expect(fold(fold(s))).toBe(fold(s));
        expect(stripDiacritics(stripDiacritics(s))).toBe(stripDiacritics(s));
      }),
      { numRuns: 1000 },
    );
  });

  it("segmentForIndex never throws and keeps every Chinese character of the text", () => {
    fc.assert(
      fc.property(input, (text) => {
        const out = segmentForIndex(text);
        expect(typeof out).toBe("string");
        const han = (s: string) =>
          [...s]
            .filter((c) => /\p{Script=Han}/u.test(c))
            .sort()
            .join("");
        for (const c of new Set(han(fold(text)))) expect(out).toContain(c);
      }),
      { numRuns: 500 },
    );
  });
});
