// A short-lived cache of whole HTML pages for visitors who are not signed in
// (Discourse's "anonymous cache" idea). Most traffic is anonymous reading of the
// same pages (home, case pages, directory); for a few seconds they are served
// without running loaders or React. Signed-in members never get cached pages.
//
// Each response carries a fresh CSP nonce: the nonce of the cached copy is
// replaced by this request's nonce. Responses that set a cookie (e.g. ?lang=),
// errors and non-HTML answers are never stored.
import type { Request, RequestHandler, Response } from "express";

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
  body: string;
  nonce: string;
}

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
    if (hit && hit.expires > Date.now()) {
      res.status(hit.status);
      for (const [k, v] of hit.headers) res.setHeader(k, v);
      res.setHeader("X-Page-Cache", "hit");
      const body = hit.nonce && nonce ? hit.body.replaceAll(hit.nonce, nonce) : hit.body;
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    if (hit) store.delete(key);

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
        store.set(key, {
          expires: Date.now() + opts.ttlMs,
          status: res.statusCode,
          headers: KEPT_HEADERS.flatMap((h) => (res.getHeader(h) != null ? [[h, String(res.getHeader(h))] as [string, string]] : [])),
          body: Buffer.concat(chunks).toString("utf8"),
          nonce,
        });
      }
      return end(chunk, ...rest);
    }) as Response["end"];
    res.setHeader("X-Page-Cache", "miss");
    next();
  }) as RequestHandler & { clear(): void };
  handler.clear = () => store.clear();
  return handler;
}
