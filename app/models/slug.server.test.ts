import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slugify, uniqueSlug } from "./slug.server.ts";

describe("slugify", () => {
  it("spells Chinese titles word by word in pinyin", () => {
    expect(slugify("跨境电商品牌建设")).toBe("kuajing-dianshang-pinpai-jianshe");
  });
  it("keeps Latin words and numbers, drops punctuation", () => {
    expect(slugify("Yiwu: Cross-border E-commerce, 2024!")).toBe("yiwu-cross-border-e-commerce-2024");
  });
  it("mixes Chinese and Latin", () => {
    expect(slugify("义乌 RCEP 物流")).toBe("yiwu-rcep-wuliu");
  });
  it("strips accents and caps the length at a word boundary", () => {
    const s = slugify("Café " + "innovation ".repeat(20));
    expect(s.startsWith("cafe-innovation")).toBe(true);
    expect(s.length).toBeLessThanOrEqual(60);
    expect(s.endsWith("-")).toBe(false);
  });
  it("never returns an empty slug", () => {
    expect(slugify("！！！")).toBe("case");
    expect(slugify("<script>alert(1)</script>")).toBe("script-alert-1-script");
  });
});

describe("uniqueSlug", () => {
  it("adds a counter when taken", async () => {
    const taken = new Set(["a", "a-2"]);
    expect(await uniqueSlug("a", async (s) => taken.has(s))).toBe("a-3");
    expect(await uniqueSlug("b", async (s) => taken.has(s))).toBe("b");
  });
});

// Properties (issue 10.13): any title gives a slug, within the URL-safe grammar
// and the length limit, and a slug is its own slug (idempotence).
const title = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ maxLength: 80, unit: "binary" }),
  fc.string({ maxLength: 80, unit: "grapheme" }),
  fc
    .array(
      fc.constantFrom(
        "跨境电商",
        "品牌建设",
        "Café",
        "ＡＢＣ",
        "２０２４",
        " ",
        "-",
        "\u0000",
        "\u202e",
        "𠀀",
        "İ",
        "ß",
        "../",
      ),
      {
        maxLength: 20,
      },
    )
    .map((parts) => parts.join("")),
);

describe("slugify (properties)", () => {
  it("never throws; the slug is lowercase ASCII words joined by single hyphens, at most 60 characters", () => {
    fc.assert(
      fc.property(title, (t) => {
        const slug = slugify(t);
        expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
        expect(slug.length).toBeLessThanOrEqual(60);
      }),
      { numRuns: 1000 },
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(title, (t) => {
        const slug = slugify(t);
        expect(slugify(slug)).toBe(slug);
      }),
      { numRuns: 1000 },
    );
  });

  it("uniqueSlug returns a slug that is not taken, built on the base", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("a", "kuajing-dianshang"), fc.nat({ max: 30 }), async (base, takenCount) => {
        const taken = new Set([base, ...Array.from({ length: takenCount }, (_, i) => `${base}-${i + 2}`)]);
        const slug = await uniqueSlug(base, async (s) => taken.has(s));
        expect(taken.has(slug)).toBe(false);
        expect(slug.startsWith(`${base}-`)).toBe(true);
      }),
    );
  });
});
