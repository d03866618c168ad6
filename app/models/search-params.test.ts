// Properties of the search page's URL state (issue 10.13): any query string gives
// a result within the limits, and writing that result back into a URL and
// reading it again gives the same state (idempotence).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FACETS, MAX_QUERY_LENGTH, SORTS, parseSearchParams, type SearchParams } from "./search-params.ts";

const value = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 300, unit: "binary" }),
  fc.string({ maxLength: 300, unit: "grapheme" }),
  fc.constantFrom(
    "",
    " ",
    "\u3000品牌\t建设 ",
    "\ud83d\ude00".repeat(60),
    "a".repeat(79) + "\ud83d\ude00",
    "-1",
    "1e3",
    "500",
    "501",
    "2.5",
  ),
);
const key = fc.constantFrom("q", "sort", "page", ...FACETS, "other", "__proto__");
const query = fc.array(fc.tuple(key, value), { maxLength: 40 }).map((pairs) => new URLSearchParams(pairs));

function toParams(p: SearchParams): URLSearchParams {
  const out = new URLSearchParams();
  if (p.q) out.set("q", p.q);
  for (const f of FACETS) for (const v of p.filters[f]) out.append(f, v);
  out.set("sort", p.sort);
  out.set("page", String(p.page));
  return out;
}

const isWellFormed = (s: string) => !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));

describe("parseSearchParams (properties)", () => {
  it("never throws and stays within its limits", () => {
    fc.assert(
      fc.property(query, (params) => {
        const p = parseSearchParams(params);
        expect([...p.q].length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
        expect(p.q).toBe(p.q.trim());
        expect(p.q).not.toMatch(/\s\s/);
        expect(isWellFormed(p.q)).toBe(true);
        expect(SORTS).toContain(p.sort);
        expect(Number.isInteger(p.page) && p.page >= 1 && p.page <= 500).toBe(true);
        for (const f of FACETS) {
          expect(p.filters[f].length).toBeLessThanOrEqual(20);
          expect(new Set(p.filters[f]).size).toBe(p.filters[f].length);
          for (const v of p.filters[f]) {
            expect(v.length).toBeGreaterThan(0);
            expect([...v].length).toBeLessThanOrEqual(80);
            expect(isWellFormed(v)).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("is idempotent through the URL: parse(url(parse(x))) = parse(x)", () => {
    fc.assert(
      fc.property(query, (params) => {
        const once = parseSearchParams(params);
        const url = new URL(`https://bee.example/search?${toParams(once)}`);
        expect(parseSearchParams(url.searchParams)).toEqual(once);
      }),
      { numRuns: 2000 },
    );
  });
});
