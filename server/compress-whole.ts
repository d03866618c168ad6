// A body handed to res.end whole (a rendered document, ADR 060; a JSON answer) is compressed in
// one synchronous call and sent with one res.end of the compressed bytes and a Content-Length
// (ADR 073, ADR 085). Through the compression middleware's stream the same body left as three
// socket writes — the headers, one chunk of chunked encoding, then the chunked terminator when the
// stream ended — each a system call and a loopback or network packet of its own; now Node writes
// headers and body together in one writev. The call is synchronous since ADR 085: with brotli's
// window sized to the body, the encoder's state is small, and the thread pool's hop cost more
// (thread wake-ups, system time) than the compression it moved off the main thread. Everything
// written piece by piece (res.write: streamed responses, static files) still goes through the
// middleware.
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
 * The smallest brotli window (`LGWIN`, in bits) that holds a body of `length` bytes: the window is
 * 2^bits − 16 bytes, between brotli's 10 and its default 22.
 */
export function brotliWindowBits(length: number): number {
  const { BROTLI_MIN_WINDOW_BITS, BROTLI_DEFAULT_WINDOW } = zlib.constants;
  return Math.min(BROTLI_DEFAULT_WINDOW, Math.max(BROTLI_MIN_WINDOW_BITS, Math.ceil(Math.log2(length + 16))));
}

/**
 * The app's brotli options with the window sized to the body and its length as a size hint (ADR 085).
 * With the default 4 MiB window the encoder's native state per response is sized for a 4 MiB input;
 * Node reports it to V8 as external memory, and with ten responses compressing at once on the thread
 * pool it used up the old generation's headroom: V8 ran a full mark-compact every ~20 uncached pages,
 * 30–40 % of a page's CPU. A window that holds the whole body finds every match the default one
 * finds, so the compressed size is the same (the stream's header names the smaller window).
 */
export function brotliFor(brotli: zlib.BrotliOptions, length: number): zlib.BrotliOptions {
  return {
    ...brotli,
    params: {
      ...brotli.params,
      [zlib.constants.BROTLI_PARAM_LGWIN]: brotliWindowBits(length),
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: length,
    },
  };
}

/**
 * Wraps `res.end` (installed right after the compression middleware, so it runs before the
 * middleware's own end): a whole body given before any header went out is compressed in one call
 * and then sent. `brotli` are the middleware's brotli options (the same quality).
 */
export function compressWholeBodies(brotli: zlib.BrotliOptions) {
  return (req: Request, res: Response) => {
    const end = res.end as (...args: unknown[]) => Response;
    res.end = function wholeEnd(this: Response, ...args: unknown[]) {
      const [chunk, encoding] = args;
      // After our end the headers are out (the call is synchronous), so a second end passes through.
      if (res.headersSent || chunk == null || typeof chunk === "function") return end.apply(this, args);
      const body =
        typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
          : (chunk as Uint8Array);
      const method = wholeEncoding(req, res, res.getHeader("Content-Length") ? undefined : body.byteLength);
      if (!method) return end.apply(this, args);
      const compressed =
        method === "br"
          ? zlib.brotliCompressSync(body, brotliFor(brotli, body.byteLength))
          : method === "gzip"
            ? zlib.gzipSync(body)
            : zlib.deflateSync(body);
      res.setHeader("Content-Encoding", method);
      res.setHeader("Content-Length", compressed.byteLength);
      return end.call(
        this,
        compressed,
        args.find((a) => typeof a === "function"),
      );
    } as Response["end"];
  };
}
