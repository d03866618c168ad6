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
