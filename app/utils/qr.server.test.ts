import { describe, expect, it } from "vitest";
import { qrPng, qrSvg } from "./qr.server.ts";

describe("QR codes", () => {
  it("makes a PNG and an SVG, different for different URLs", async () => {
    const a = await qrPng("https://example.cn/cases/a");
    const b = await qrPng("https://example.cn/cases/b");
    expect([...a.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(a.equals(b)).toBe(false);
    const svg = await qrSvg("https://example.cn/cases/a");
    expect(svg).toMatch(/^<svg[^>]*viewBox/);
  });
});
