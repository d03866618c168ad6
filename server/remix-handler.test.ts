// Issue 15.5 / ADR 060: a rendered document is compressed once. @remix-run/express read the
// page's stream and called res.flush() after every chunk, so the compression middleware
// compressed and flushed piece by piece; a whole document now goes out with one res.end.
// ADR 073: and it leaves in one socket write, headers and compressed body together.
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import express from "express";
import { createElement as h } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDocument } from "../app/utils/render-document.server.ts";
import { wholeBodyResponse } from "../app/utils/whole-body.server.ts";
import { BROTLI_QUALITY, compressResponses } from "./app.ts";
import { brotliFor } from "./compress-whole.ts";
import { remixRequest, sendResponse } from "./remix-handler.ts";

/** A 200-comment-like page: long Chinese paragraphs (~360 KB). */
const longPage = () =>
  h(
    "html",
    { lang: "zh-CN" },
    h(
      "body",
      null,
      Array.from({ length: 400 }, (_, i) =>
        h(
          "article",
          { key: i, id: `c-${i}` },
          h("h3", null, `成员 ${i}`),
          h("p", null, "基地联合物流龙头和行业协会，在中东、中亚和拉美布局公共海外仓，按件计费、统一清关。".repeat(8)),
        ),
      ),
    ),
  );

let server: http.Server;
let origin: string;
const seen: { flushes: number; writes: number; ends: number; socketWrites: number }[] = [];
let page: Buffer<ArrayBuffer>;

beforeAll(async () => {
  page = await renderDocument(longPage(), { signal: new AbortController().signal, stallMs: 5000 });
  const app = express();
  app.use(compressResponses());
  // Counts what reaches the compression middleware.
  app.use((_req, res, next) => {
    const counts = { flushes: 0, writes: 0, ends: 0, socketWrites: 0 };
    seen.push(counts);
    const { flush, write, end } = res as unknown as Record<string, (...a: unknown[]) => unknown>;
    Object.assign(res, {
      flush: (...a: unknown[]) => (counts.flushes++, flush!.apply(res, a)),
      write: (...a: unknown[]) => (counts.writes++, write!.apply(res, a)),
      end: (...a: unknown[]) => (counts.ends++, end!.apply(res, a)),
    });
    // And what reaches the socket: each _write or _writev is one system call (corked writes are one _writev).
    const socket = res.socket as unknown as Record<string, (...a: unknown[]) => unknown>;
    const { _write, _writev } = socket;
    Object.assign(socket, {
      _write: (...a: unknown[]) => (counts.socketWrites++, _write!.apply(socket, a)),
      _writev: (...a: unknown[]) => (counts.socketWrites++, _writev!.apply(socket, a)),
    });
    // A kept-alive socket serves the next request with its own methods again.
    res.once("finish", () => {
      delete socket._write;
      delete socket._writev;
    });
    next();
  });
  app.get("/whole", (req, res) => {
    const request = remixRequest(req, res);
    void sendResponse(
      res,
      wholeBodyResponse(page, {
        status: request.headers.get("x-status") ? Number(request.headers.get("x-status")) : 200,
        headers: { "Content-Type": "text/html; charset=utf-8", "Set-Cookie": "a=1" },
      }),
    );
  });
  app.get("/stream", (_req, res) => {
    const chunks = [page.subarray(0, 100_000), page.subarray(100_000)];
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of chunks) c.enqueue(chunk);
        c.close();
      },
    });
    void sendResponse(res, new Response(body, { headers: { "Content-Type": "text/html; charset=utf-8" } }));
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise<void>((r) => server.once("listening", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function get(path: string, headers: Record<string, string>) {
  seen.length = 0;
  const res = await new Promise<http.IncomingMessage>((resolve) => http.get(origin + path, { headers }, resolve));
  const parts: Buffer[] = [];
  for await (const c of res) parts.push(c as Buffer);
  return { res, body: Buffer.concat(parts), counts: seen[0]! };
}

describe("sending a rendered document", () => {
  it("compresses a long page once and sends it in one socket write: one end, no flush, no piecewise writes", async () => {
    expect(page.length).toBeGreaterThan(300_000);
    const { res, body, counts } = await get("/whole", { "accept-encoding": "br" });
    expect(res.headers["content-encoding"]).toBe("br");
    expect(zlib.brotliDecompressSync(body).equals(page)).toBe(true);
    // Through the middleware's stream it took two or more (headers and chunks, then the chunked terminator).
    expect(counts).toEqual({ flushes: 0, writes: 0, ends: 1, socketWrites: 1 });
    expect(res.headers["content-length"]).toBe(String(body.byteLength));
    // Byte for byte what compressing the whole page in one go gives, at the app's quality.
    const once = zlib.brotliCompressSync(
      page,
      brotliFor({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } }, page.byteLength),
    );
    expect(body.equals(once)).toBe(true);
    expect(res.headers["set-cookie"]).toEqual(["a=1"]);
  });

  it("sends it with its length when the client takes no encoding", async () => {
    const { res, body, counts } = await get("/whole", { "accept-encoding": "identity", "x-status": "404" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-length"]).toBe(String(page.length));
    expect(body.equals(page)).toBe(true);
    expect(counts.socketWrites).toBe(1);
  });

  it("still sends other responses from their stream, a flush per chunk as Remix does", async () => {
    const { res, body, counts } = await get("/stream", { "accept-encoding": "gzip" });
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(body).equals(page)).toBe(true);
    expect(counts.flushes).toBe(2);
  });
});
