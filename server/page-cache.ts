// A short-lived cache of whole HTML pages for visitors who are not signed in
// (Discourse's "anonymous cache" idea). Most traffic is anonymous reading of the
// same pages (home, case pages, directory); for a few seconds they are served
// without running loaders or React. Signed-in members never get cached pages.
//
// Each response carries a fresh CSP nonce: the nonce of the cached copy is
// replaced by this request's nonce. The copy is kept compressed around the
// nonce's places (gzip-splice.ts), so a hit costs a checksum, not a compression.
// Responses that set a cookie (e.g. ?lang=), errors and non-HTML answers are
// never stored.
//
// When an entry expires, the next request renders the page again while requests
// arriving meanwhile still get the expired copy (for at most STALE_FACTOR × ttl):
// a page that takes 200 ms to render is rendered once, not by every reader who
// arrives during those 200 ms.
import type { Request, RequestHandler, Response } from "express";
import { gzipWithNonce, plainWithNonce, splicePage, type SplicedPage } from "./gzip-splice.ts";

export interface PageCacheOptions {
  ttlMs: number;
  maxEntries?: number;
  /** Paths that must always run (personal or fast-changing pages). */
  bypass?: RegExp;
  /** True when the request carries a session; those are never cached. */
  hasSession: (req: Request) => boolean;
  /** The page's language for this request (cache entries are per language). */
  localeOf: (req: Request) => string;
}

interface Entry {
  expires: number;
  status: number;
  headers: [string, string][];
  page: SplicedPage;
  /** Set while one request renders a fresh copy; others keep getting this one. */
  refreshingSince: number | null;
}

/** An expired entry is served for at most this many ttls while a fresh copy renders. */
const STALE_FACTOR = 10;

const KEPT_HEADERS = ["content-type", "vary", "cache-control", "content-language"];

export function pageCache(opts: PageCacheOptions): RequestHandler & { clear(): void } {
  const store = new Map<string, Entry>();
  const max = opts.maxEntries ?? 500;

  const handler = ((req: Request, res: Response, next: () => void) => {
    if (opts.ttlMs <= 0 || (req.method !== "GET" && req.method !== "HEAD")) return next();
    if (opts.bypass?.test(req.path) || opts.hasSession(req) || !(req.get("accept") ?? "").includes("text/html")) return next();
    const key = `${opts.localeOf(req)} ${req.originalUrl}`;
    const nonce = String(res.locals.cspNonce ?? "");
    const hit = store.get(key);
    const now = Date.now();
    if (hit) {
      const fresh = hit.expires > now;
      // Someone renders a new copy already (and has not taken longer than a ttl).
      const renderingElsewhere = hit.refreshingSince !== null && now - hit.refreshingSince < opts.ttlMs;
      const usable = hit.expires + STALE_FACTOR * opts.ttlMs > now;
      if (fresh || (renderingElsewhere && usable)) {
        serve(req, res, hit, nonce, fresh ? "hit" : "stale");
        return;
      }
      if (usable) hit.refreshingSince = now;
      else store.delete(key);
    }

    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => Response;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (chunk == null || typeof chunk === "function") return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, (typeof encoding === "string" ? encoding : "utf8") as BufferEncoding));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      const type = String(res.getHeader("content-type") ?? "");
      if (res.statusCode === 200 && !res.getHeader("set-cookie") && type.startsWith("text/html") && req.method === "GET") {
        if (store.size >= max) store.delete(store.keys().next().value!);
        store.delete(key); // re-inserted last: the oldest entries are evicted first
        store.set(key, {
          expires: Date.now() + opts.ttlMs,
          status: res.statusCode,
          headers: KEPT_HEADERS.flatMap((h) => (res.getHeader(h) != null ? [[h, String(res.getHeader(h))] as [string, string]] : [])),
          page: splicePage(Buffer.concat(chunks).toString("utf8"), nonce),
          refreshingSince: null,
        });
      } else if (hit) {
        hit.refreshingSince = null; // this render failed: the next request tries again
      }
      return end(chunk, ...rest);
    }) as Response["end"];
    res.setHeader("X-Page-Cache", "miss");
    next();
  }) as RequestHandler & { clear(): void };
  handler.clear = () => store.clear();
  return handler;
}

function serve(req: Request, res: Response, entry: Entry, nonce: string, state: "hit" | "stale") {
  res.status(entry.status);
  for (const [k, v] of entry.headers) res.setHeader(k, v);
  res.setHeader("X-Page-Cache", state);
  // The compression middleware leaves a response alone once it has a Content-Encoding.
  const gzip = req.acceptsEncodings("gzip", "identity") === "gzip";
  const body = gzip ? gzipWithNonce(entry.page, nonce) : plainWithNonce(entry.page, nonce);
  if (gzip) res.setHeader("Content-Encoding", "gzip");
  res.vary("Accept-Encoding");
  res.setHeader("Content-Length", body.length);
  res.end(req.method === "HEAD" ? undefined : body);
}
