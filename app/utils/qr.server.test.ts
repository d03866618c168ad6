import QRCode from "qrcode";
import { describe, expect, it, vi } from "vitest";
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

  it("makes the SVG of a URL once, however often a page asks for it", async () => {
    const make = vi.spyOn(QRCode, "toString");
    const url = `https://example.cn/cases/once-${Math.random()}`;
    const first = await qrSvg(url);
    expect(await qrSvg(url)).toBe(first);
    expect(await qrSvg(`${url}-other`)).not.toBe(first);
    expect(make).toHaveBeenCalledTimes(2);
    make.mockRestore();
  });
});
