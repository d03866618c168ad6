// safeRedirect (issue 10.2): `/\t/evil.example` was accepted and browsers read it
// as `//evil.example`; CR, LF or non-Latin-1 characters made the login's redirect
// throw (a 500 after a correct password). Examples, then fast-check properties
// over control characters, backslashes, dot segments and Unicode.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirect } from "./guards.server.ts";

const SITE = "https://bee.example";

/** Where a browser on our site goes when it follows this Location. */
function landsOn(location: string): string {
  return new URL(location, SITE).origin;
}

describe("safeRedirect", () => {
  it("refuses everything that leaves the site", () => {
    for (const evil of [
      "//evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "\t//evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "/.//evil.example",
      "/./\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      " /x",
      "evil.example",
      "",
      "/x\u0000y",
      "/" + "a".repeat(2001),
    ]) {
      expect(safeRedirect(evil, "FALLBACK"), JSON.stringify(evil)).toBe("FALLBACK");
    }
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "")).toBe("");
  });

  it("keeps same-site paths, query and fragment; non-ASCII comes back percent-encoded", () => {
    expect(safeRedirect("/cases/abc?page=2#c-1")).toBe("/cases/abc?page=2#c-1");
    expect(safeRedirect("/search?q=品牌")).toBe("/search?q=%E5%93%81%E7%89%8C");
    expect(safeRedirect("/cases/数字化\u202e")).toBe("/cases/%E6%95%B0%E5%AD%97%E5%8C%96%E2%80%AE");
    expect(safeRedirect("/a/../b")).toBe("/b");
    expect(safeRedirect("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(landsOn(safeRedirect("/%2F%2Fevil.example"))).toBe(SITE);
  });
});

// Characters that matter in URLs, mixed with arbitrary Unicode.
const tricky = fc.constantFrom(
  "/",
  "\\",
  "\t",
  "\n",
  "\r",
  "\u0000",
  "\u000b",
  " ",
  ".",
  "..",
  "%2F",
  "%5C",
  "%09",
  "?",
  "#",
  "@",
  ":",
  "evil.example",
  "\u202e",
  "\u200b",
  "\ufeff",
  "品牌",
  "\ud83d\ude00",
  "\u3000",
);
const redirectish = fc
  .array(fc.oneof(tricky, fc.string({ maxLength: 4, unit: "binary" })), { maxLength: 12 })
  .map((parts) => parts.join(""));

describe("safeRedirect (properties)", () => {
  it("never throws, and what it returns stays on the site, is ASCII and is a valid header value", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          redirectish,
          redirectish.map((s) => `/${s}`),
          fc.string({ unit: "binary" }),
        ),
        (input) => {
          const out = safeRedirect(input, "/fallback");
          expect(out.startsWith("/")).toBe(true);
          expect(out.startsWith("//")).toBe(false);
          expect(out).toMatch(/^[\x21-\x7e]*$/);
          expect(landsOn(out)).toBe(SITE);
          expect(() => new Headers({ Location: out })).not.toThrow();
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(
        redirectish.map((s) => `/${s}`),
        (input) => {
          const once = safeRedirect(input, "/fallback");
          expect(safeRedirect(once, "/other")).toBe(once);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("keeps plain paths as they are", () => {
    const plain = fc
      .array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { minLength: 1, maxLength: 5 })
      .map((segments) => `/${segments.join("/")}`);
    fc.assert(
      fc.property(plain, (path) => {
        expect(safeRedirect(path)).toBe(path);
      }),
    );
  });
});
