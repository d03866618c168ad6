// A body handed to res.end whole (a rendered document, ADR 060; a cached page; a JSON answer) is
// compressed right there, synchronously, in one call (ADR 069). The compression middleware would
// compress it too, in one go since ADR 060, but through a zlib stream: a native stream object per
// response and a hop to the thread pool and back before the first byte leaves — 0.08–0.2 ms of
// CPU a page more than `brotliCompressSync` (lean-cpu5's note, session 10). Everything written
// piece by piece (res.write: streamed responses, static files) still goes through the middleware.
//
// Whether and how to compress is the middleware's decision, reproduced step by step from
// compression 1.8's index.js with the very modules it uses (resolved from its own folder), and
// held to it by a property test (compress-whole.test.ts). Once the body is compressed and
// Content-Encoding set, the middleware's own check ("already encoded") lets it pass untouched;
// it still adds its `Vary: Accept-Encoding`.
import { createRequire } from "node:module";
import zlib from "node:zlib";
import type { Request, Response } from "express";

interface NegotiatorLike {
  encoding(available: string[], preferred?: string[]): string | undefined;
}
const fromCompression = createRequire(createRequire(import.meta.url).resolve("compression"));
const Negotiator = fromCompression("negotiator") as new (req: { headers: Request["headers"] }) => NegotiatorLike;
const compressible = fromCompression("compressible") as (type: string) => boolean | undefined;

// The middleware's lists when zlib has brotli (every Node this app runs on).
const SUPPORTED_ENCODING = ["br", "gzip", "deflate", "identity"];
const PREFERRED_ENCODING = ["br", "gzip"];
const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/i;
/** The middleware's default threshold (1 kb): smaller bodies go out as they are. */
const THRESHOLD = 1024;

export type WholeEncoding = "br" | "gzip" | "deflate";

/**
 * What the compression middleware (default filter, threshold and enforceEncoding) would send a
 * body of `length` bytes in, given the response's headers as they are when it ends: an encoding,
 * or null for as is.
 */
export function wholeEncoding(req: Request, res: Response, length: number | undefined): WholeEncoding | null {
  const type = res.getHeader("Content-Type");
  if (type === undefined || !compressible(type as string)) return null;
  const cacheControl = res.getHeader("Cache-Control");
  if (cacheControl && NO_TRANSFORM.test(cacheControl as string)) return null;
  // As the middleware: the length of the chunk counts only when no Content-Length is set.
  if (Number(res.getHeader("Content-Length")) < THRESHOLD || (length as number) < THRESHOLD) return null;
  if ((res.getHeader("Content-Encoding") || "identity") !== "identity") return null;
  if (req.method === "HEAD") return null;
  // No Accept-Encoding: the middleware's enforceEncoding, "identity".
  if (!req.headers["accept-encoding"]) return null;
  const method = new Negotiator(req).encoding(SUPPORTED_ENCODING, PREFERRED_ENCODING);
  return method === "br" || method === "gzip" || method === "deflate" ? method : null;
}

/**
 * Wraps `res.end` (installed right after the compression middleware, so it runs before the
 * middleware's own end): a whole body given before any header went out is compressed in one call.
 * `brotli` are the middleware's brotli options (the same quality).
 */
export function compressWholeBodies(brotli: zlib.BrotliOptions) {
  return (req: Request, res: Response) => {
    const end = res.end as (...args: unknown[]) => Response;
    res.end = function wholeEnd(this: Response, ...args: unknown[]) {
      const [chunk, encoding] = args;
      if (res.headersSent || chunk == null || typeof chunk === "function") return end.apply(this, args);
      const body =
        typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
          : (chunk as Uint8Array);
      const method = wholeEncoding(req, res, res.getHeader("Content-Length") ? undefined : body.byteLength);
      if (!method) return end.apply(this, args);
      const compressed =
        method === "br"
          ? zlib.brotliCompressSync(body, brotli)
          : method === "gzip"
            ? zlib.gzipSync(body)
            : zlib.deflateSync(body);
      res.setHeader("Content-Encoding", method);
      res.setHeader("Content-Length", compressed.byteLength);
      const callback = args.find((a) => typeof a === "function");
      return end.call(this, compressed, callback);
    } as Response["end"];
  };
}
