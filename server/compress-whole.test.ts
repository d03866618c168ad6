// ADR 073/085: a whole body is compressed in one call at res.end and sent at once, and the decision is the
// compression middleware's. Property: for any request (method, Accept-Encoding) and any response
// headers (type, Cache-Control, Content-Length, Content-Encoding) and body, the app's middleware
// answers with the encoding, Vary and (decoded) body the compression middleware alone gives.
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import compression from "compression";
import express, { type RequestHandler } from "express";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROTLI_QUALITY, compressResponses } from "./app.ts";
import { brotliFor, brotliWindowBits } from "./compress-whole.ts";

interface Spec {
  type?: string;
  cacheControl?: string;
  contentLength?: boolean;
  contentEncoding?: string;
  body: string;
}

const servers: http.Server[] = [];
// The response each request asks for, by id (a long body would not fit in a header).
const specs = new Map<string, Spec>();
let nextId = 0;
async function serve(middleware: RequestHandler): Promise<string> {
  const app = express();
  app.use(middleware);
  app.all("*", (req, res) => {
    const spec = specs.get(String(req.headers["x-spec"]))!;
    if (spec.type) res.setHeader("Content-Type", spec.type);
    if (spec.cacheControl) res.setHeader("Cache-Control", spec.cacheControl);
    if (spec.contentEncoding) res.setHeader("Content-Encoding", spec.contentEncoding);
    const body = Buffer.from(spec.body);
    if (spec.contentLength) res.setHeader("Content-Length", body.byteLength);
    res.end(body);
  });
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise<void>((r) => server.once("listening", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let reference: string;
let ours: string;
beforeAll(async () => {
  reference = await serve(
    compression({ brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } } }),
  );
  ours = await serve(compressResponses());
});
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

async function ask(origin: string, method: string, acceptEncoding: string | undefined, spec: Spec) {
  const id = String(nextId++);
  specs.set(id, spec);
  const headers: Record<string, string> = { "x-spec": id };
  if (acceptEncoding !== undefined) headers["accept-encoding"] = acceptEncoding;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
    http.request(origin, { method, headers }, resolve).on("error", reject).end(),
  );
  const parts: Buffer[] = [];
  for await (const c of res) parts.push(c as Buffer);
  const raw = Buffer.concat(parts);
  const encoding = res.headers["content-encoding"];
  // A body the handler marked as gzip itself is plain text: neither server touches it.
  const body =
    spec.contentEncoding === "gzip"
      ? raw
      : encoding === "br"
        ? zlib.brotliDecompressSync(raw)
        : encoding === "gzip"
          ? zlib.gunzipSync(raw)
          : encoding === "deflate"
            ? zlib.inflateSync(raw)
            : raw;
  return {
    status: res.statusCode,
    encoding: encoding ?? null,
    vary: res.headers.vary ?? null,
    body: body.toString(),
    contentLength: res.headers["content-length"],
    raw,
  };
}

const token = fc.constantFrom("br", "gzip", "deflate", "identity", "*", "compress", "x-gzip", "BR", "Gzip", "zstd");
const q = fc.constantFrom("", ";q=0", ";q=0.5", ";q=1", ";q=0.001", ";q=1.0", ";q=0.8", " ; q=0.3");
const acceptEncoding = fc.oneof(
  fc.constant(undefined),
  fc.constant(""),
  fc.array(fc.tuple(token, q), { maxLength: 4 }).map((items) => items.map(([t, w]) => t + w).join(", ")),
);
const spec: fc.Arbitrary<Spec> = fc.record(
  {
    type: fc.constantFrom(
      "text/html; charset=utf-8",
      "application/json",
      "image/png",
      "text/x-unknown-thing",
      "application/octet-stream",
      "image/svg+xml",
    ),
    cacheControl: fc.constantFrom("no-transform", "public, max-age=60", "private, no-transform", "no-store"),
    contentLength: fc.boolean(),
    contentEncoding: fc.constantFrom("identity", "gzip"),
    body: fc.oneof(
      fc.string({ maxLength: 40 }),
      // Around the middleware's 1 kb threshold.
      fc.integer({ min: 1020, max: 1028 }).map((n) => "a".repeat(n)),
      fc.integer({ min: 900, max: 3000 }).map((n) => "基地联合物流 <p>&amp;</p> ".repeat(n).slice(0, n)),
    ),
  },
  { requiredKeys: ["body"] },
);

describe("compressing a whole body at res.end", () => {
  it("answers as the compression middleware alone does, for any request and response headers", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("GET", "HEAD", "POST"), acceptEncoding, spec, async (method, ae, s) => {
        const [a, b] = await Promise.all([ask(reference, method, ae, s), ask(ours, method, ae, s)]);
        expect({ status: b.status, encoding: b.encoding, vary: b.vary, body: b.body }).toEqual({
          status: a.status,
          encoding: a.encoding,
          vary: a.vary,
          body: a.body,
        });
        // And it compressed it itself, in one call: the middleware's stream sends no length.
        if (b.encoding && b.encoding !== s.contentEncoding) expect(b.contentLength).toBe(String(b.raw.byteLength));
      }),
      { numRuns: 1000 },
    );
  });

  it("ends the response within res.end: nothing can answer between the page and its compressed bytes", async () => {
    // On the thread pool (ADR 073) the page waited for its bytes while guards.ts could still answer 413.
    const app = express();
    app.use(compressResponses());
    const seen: { headersSent: boolean; ended: boolean }[] = [];
    const page = "基地联合物流".repeat(1000);
    app.get("/", (_req, res) => {
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(page);
      seen.push({ headersSent: res.headersSent, ended: res.writableEnded });
    });
    const server = app.listen(0, "127.0.0.1");
    servers.push(server);
    await new Promise<void>((r) => server.once("listening", r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(origin, { headers: { "accept-encoding": "br" } }, resolve).on("error", reject),
    );
    const parts: Buffer[] = [];
    for await (const c of res) parts.push(c as Buffer);
    expect(seen).toEqual([{ headersSent: true, ended: true }]);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(zlib.brotliDecompressSync(Buffer.concat(parts)).toString()).toBe(page);
  });

  it("compresses it in one call: the bytes of brotliCompressSync, with a Content-Length", async () => {
    const body = "基地联合物流龙头和行业协会，在中东、中亚和拉美布局公共海外仓。".repeat(200);
    const r = await ask(ours, "GET", "gzip, deflate, br", { type: "text/html; charset=utf-8", body });
    expect(r.encoding).toBe("br");
    expect(r.body).toBe(body);
    const once = zlib.brotliCompressSync(
      Buffer.from(body),
      brotliFor({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } }, Buffer.byteLength(body)),
    );
    expect(r.raw.equals(once)).toBe(true);
    // The middleware's stream sends it chunked, without a length.
    expect(r.contentLength).toBe(String(once.byteLength));
    const viaStream = await ask(reference, "GET", "gzip, deflate, br", { type: "text/html; charset=utf-8", body });
    expect(viaStream.contentLength).toBeUndefined();
  });
});

/** The window (LGWIN) a brotli stream names in its first bits (RFC 7932, section 9.1). */
function streamWindowBits(stream: Buffer): number {
  const bits = stream[0]! | (stream[1]! << 8);
  if ((bits & 1) === 0) return 16;
  const n = (bits >> 1) & 7;
  if (n !== 0) return 17 + n;
  const m = (bits >> 4) & 7;
  return m === 0 ? 17 : 8 + m;
}

// ADR 085: with brotli's default 4 MiB window the encoder's state per response was sized for a 4 MiB
// input; ten uncached pages in flight made V8 run a full mark-compact every ~20 pages.
describe("brotli's window", () => {
  it("is the smallest that holds the body, up to the default", () => {
    expect(brotliWindowBits(0)).toBe(10);
    expect(brotliWindowBits(1008)).toBe(10); // 2^10 − 16
    expect(brotliWindowBits(1009)).toBe(11);
    expect(brotliWindowBits(26_405)).toBe(15);
    expect(brotliWindowBits(400_000)).toBe(19);
    expect(brotliWindowBits(50_000_000)).toBe(22);
  });

  it("is what a compressed page names, and the page is as small as with the default window", async () => {
    const body = Array.from({ length: 600 }, (_, i) => `<p>基地 ${i} 在中东布局公共海外仓，按件计费。</p>`).join("");
    const r = await ask(ours, "GET", "br", { type: "text/html; charset=utf-8", body });
    expect(r.encoding).toBe("br");
    expect(r.body).toBe(body);
    expect(streamWindowBits(r.raw)).toBe(brotliWindowBits(Buffer.byteLength(body)));
    expect(streamWindowBits(r.raw)).toBeLessThan(22);
    const withDefault = zlib.brotliCompressSync(Buffer.from(body), {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY },
    });
    expect(streamWindowBits(withDefault)).toBe(22);
    expect(r.raw.byteLength).toBe(withDefault.byteLength);
  });
});
