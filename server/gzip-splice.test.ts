import crypto from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { gzipWithNonce, plainWithNonce, splicePage } from "./gzip-splice.ts";

const page = (nonce: string) =>
  `<!doctype html><html><head><script nonce="${nonce}">a()</script></head><body>${"讨论内容 discussion ".repeat(5000)}` +
  `<script nonce="${nonce}">b()</script><link nonce="${nonce}"></body></html>`;

describe("gzip pieces with a fresh nonce per response", () => {
  it("decompresses (gunzip checks CRC and length) to the page with the new nonce", () => {
    const cachedNonce = crypto.randomBytes(16).toString("base64");
    const spliced = splicePage(page(cachedNonce), cachedNonce);
    expect(spliced.pieces).toHaveLength(4);
    for (let i = 0; i < 3; i++) {
      const fresh = crypto.randomBytes(16).toString("base64");
      const gz = gzipWithNonce(spliced, fresh);
      expect(zlib.gunzipSync(gz).toString("utf8")).toBe(page(fresh));
      expect(plainWithNonce(spliced, fresh).toString("utf8")).toBe(page(fresh));
    }
  });

  it("compresses about as well as gzip of the whole page", () => {
    const nonce = "abc123";
    const gz = gzipWithNonce(splicePage(page(nonce), nonce), nonce);
    const whole = zlib.gzipSync(page(nonce));
    expect(gz.length).toBeLessThan(whole.length * 1.2 + 200);
  });

  it("handles a page without the nonce and an empty page", () => {
    expect(zlib.gunzipSync(gzipWithNonce(splicePage("plain 页面", "zzz"), "n")).toString()).toBe("plain 页面");
    expect(zlib.gunzipSync(gzipWithNonce(splicePage("", ""), "n")).toString()).toBe("");
    // A nonce at the very start and end leaves empty pieces, still valid.
    expect(zlib.gunzipSync(gzipWithNonce(splicePage("NxN", "N"), "QQ")).toString()).toBe("QQxQQ");
  });
});
