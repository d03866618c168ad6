import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { fontSupport, needsCjkFont, ogSvg, renderOgPng, wrapText } from "./og-image.server.ts";

const text = { title: "跨境电商海外仓建设的实践与成效", siteName: "基地经验交流", baseName: "宁波机电基地" };

describe("og image", () => {
  it("draws text when a font covers it, and no text without one (no tofu boxes)", () => {
    expect(ogSvg(text, { cjk: true, latin: true }).withText).toBe(true);
    const fallback = ogSvg(text, { cjk: false, latin: true });
    expect(fallback.withText).toBe(false);
    expect(fallback.svg).not.toContain("<text");
    // English text needs only a Latin font.
    expect(
      ogSvg({ title: "Overseas warehouses", siteName: "Exchange", baseName: null }, { cjk: false, latin: true })
        .withText,
    ).toBe(true);
  });

  it("escapes the title", () => {
    const { svg } = ogSvg({ title: `<script>&"'`, siteName: "S", baseName: null }, { cjk: true, latin: true });
    expect(svg).toContain("&lt;script&gt;&amp;&quot;&apos;");
    expect(svg).not.toContain("<script>");
  });

  it("wraps Chinese anywhere and English at spaces, with an ellipsis when cut", () => {
    expect(wrapText("一二三四五六", 6, 3)).toEqual(["一二三", "四五六"]);
    expect(wrapText("alpha beta gamma", 11, 3)).toEqual(["alpha beta", "gamma"]);
    const cut = wrapText("一二三四五六七八九十", 4, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1]!.endsWith("…")).toBe(true);
    expect(needsCjkFont("abc")).toBe(false);
    expect(needsCjkFont("abc，")).toBe(true);
  });

  it("renders a 1200×630 PNG with sharp, with or without fonts", async () => {
    for (const fonts of [
      { cjk: true, latin: true },
      { cjk: false, latin: false },
    ]) {
      const { png } = await renderOgPng(text, fonts);
      const meta = await sharp(png).metadata();
      expect(meta.format).toBe("png");
      expect([meta.width, meta.height]).toEqual([1200, 630]);
    }
  });

  it("draws real Chinese glyphs with this machine's fonts (fonts-noto-cjk), not boxes", async () => {
    // Missing glyphs all render as the same box, so two titles of equal length would
    // give the same picture; with a CJK font their pixels differ.
    expect(fontSupport().cjk, "install Debian's fonts-noto-cjk (README, docs/operations.md)").toBe(true);
    const pixels = async (title: string) =>
      (
        await sharp((await renderOgPng({ ...text, title }, fontSupport())).png)
          .raw()
          .toBuffer()
      ).toString("base64");
    const a = await pixels("海外仓建设");
    const b = await pixels("品牌培育路");
    expect(a).not.toBe(b);
  });
});
