// A short-lived cache of whole HTML pages for visitors who are not signed in
// (Discourse's "anonymous cache" idea). Most traffic is anonymous reading of the
// same pages (home, case pages, directory); for a few seconds they are served
// without running loaders or React.
//
// Signed-in members get a cached page only where `shared` gives the page a
// version (case pages, whose 200-comment threads cost ~120 ms to render per
// member, and the listings that show nothing of them but the header), and only
// when their browser runs the page's script (it sets a cookie): they share one
// copy rendered without a user, checked on every request against a version of
// the page's data (a member who just posted never gets a copy from before), and
// the page fetches each member's own state after it loads (ADR 015). A member
// without JavaScript, and a page the copy cannot stand for (a hidden case its
// author may see), are rendered for the member as before.
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
  /** Memory for each store's copies (compressed and plain); the oldest go first. Default 64 MiB. */
  maxBytes?: number;
  /** Paths that must always run (personal or fast-changing pages). */
  bypass?: RegExp;
  /** True when the request carries a session; those are never cached. */
  hasSession: (req: Request) => boolean;
  /** The page's language for this request (cache entries are per language). */
  localeOf: (req: Request) => string;
  /** Pages rendered once for all signed-in members (see the top of this file). */
  shared?: SharedRenders;
  /**
   * The URL a page is cached and rendered under: its path and only the query
   * parameters it reads (server/page-query.ts), or null to keep the whole URL.
   * Without it the key is the whole URL.
   */
  canonicalUrl?: (path: string, search: string) => string | null;
}

export interface SharedRenders {
  /** True when this member's browser takes the shared copy (it runs the script that fetches the member's own state). */
  wants: (req: Request) => boolean;
  /**
   * The version of the data the page shows, read from the database on every request (so a write on any
   * app node is seen by the next request to every node); null: the page is not shared (rendered for the member).
   */
  version: (req: Request) => string | null | Promise<string | null>;
  /** Renders the shared copy for this request's URL and language (no session), with `nonce` as its CSP nonce. */
  render: (req: Request, nonce: string) => Promise<globalThis.Response>;
}

interface SharedEntry {
  version: string;
  expires: number;
  /** The copy, or null when the page answered something else (404, redirect): those are rendered per member. */
  entry: Entry | null;
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

/**
 * Copies by key, oldest first out, within a number of entries and of bytes: a
 * 200-comment page is ~480 KB plain, so 500 of them by count alone would be
 * ~250 MB.
 */
class PageStore<V> {
  private entries = new Map<string, { value: V; bytes: number }>();
  private bytes = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}
  get(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }
  set(key: string, value: V, bytes: number): void {
    this.delete(key); // re-inserted last: the oldest entries are evicted first
    while (this.entries.size > 0 && (this.entries.size >= this.maxEntries || this.bytes + bytes > this.maxBytes)) {
      this.delete(this.entries.keys().next().value!);
    }
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
  }
  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.bytes;
  }
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
  get size() {
    return this.entries.size;
  }
  get totalBytes() {
    return this.bytes;
  }
}

const pageBytes = (page: SplicedPage) => [...page.pieces, ...page.texts].reduce((n, b) => n + b.length, 0);
const storeFor = <V>(opts: PageCacheOptions) =>
  new PageStore<V>(opts.maxEntries ?? 500, opts.maxBytes ?? 64 * 1024 * 1024);

export function pageCache(opts: PageCacheOptions): RequestHandler & { clear(): void; bytes(): number } {
  const store = storeFor<Entry>(opts);

  const shared = opts.shared ? sharedCache(opts, opts.shared) : null;

  const handler = ((req: Request, res: Response, next: () => void) => {
    if (opts.ttlMs <= 0 || (req.method !== "GET" && req.method !== "HEAD")) return next();
    if (opts.bypass?.test(req.path) || !(req.get("accept") ?? "").includes("text/html")) return next();
    canonicalize(req, opts);
    if (opts.hasSession(req)) {
      if (shared && shared.applies(req)) return void shared.handle(req, res, next).catch(next);
      return next();
    }
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
      chunks.push(
        Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk as string, (typeof encoding === "string" ? encoding : "utf8") as BufferEncoding),
      );
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      const type = String(res.getHeader("content-type") ?? "");
      if (
        res.statusCode === 200 &&
        !res.getHeader("set-cookie") &&
        type.startsWith("text/html") &&
        req.method === "GET"
      ) {
        const page = splicePage(Buffer.concat(chunks).toString("utf8"), nonce);
        const entry: Entry = {
          expires: Date.now() + opts.ttlMs,
          status: res.statusCode,
          headers: KEPT_HEADERS.flatMap((h) =>
            res.getHeader(h) != null ? [[h, String(res.getHeader(h))] as [string, string]] : [],
          ),
          page,
          refreshingSince: null,
        };
        store.set(key, entry, pageBytes(page));
      } else if (hit) {
        hit.refreshingSince = null; // this render failed: the next request tries again
      }
      return end(chunk, ...rest);
    }) as Response["end"];
    res.setHeader("X-Page-Cache", "miss");
    next();
  }) as RequestHandler & { clear(): void; bytes(): number };
  handler.clear = () => {
    store.clear();
    shared?.clear();
  };
  /** Memory held by the copies (both stores). */
  handler.bytes = () => store.totalBytes + (shared?.bytes() ?? 0);
  return handler;
}

/**
 * Points the request at its canonical URL (path and the parameters the page
 * reads, in one order): the cache keys on it and, on a miss, the page is
 * rendered from it, so a copy made for `?x=1` holds no trace of `x` (a "next
 * page" link built from the query) and can be served for any other `x`.
 */
function canonicalize(req: Request, opts: PageCacheOptions) {
  if (!opts.canonicalUrl) return;
  const at = req.originalUrl.indexOf("?");
  if (at === -1) return;
  const canonical = opts.canonicalUrl(req.path, req.originalUrl.slice(at));
  if (canonical == null || canonical === req.originalUrl) return;
  // Remix builds its Request from originalUrl; req.url is what later middleware routes on.
  req.originalUrl = canonical;
  req.url = canonical;
}

/** The members' shared copies: one per URL, language and data version. */
function sharedCache(opts: PageCacheOptions, renders: SharedRenders) {
  const store = storeFor<SharedEntry>(opts);
  const rendering = new Map<string, Promise<SharedEntry>>();

  async function renderCopy(req: Request, key: string, version: string, nonce: string): Promise<SharedEntry> {
    const response = await renders.render(req, nonce);
    const type = response.headers.get("content-type") ?? "";
    const html = await response.text();
    const ok = response.status === 200 && type.startsWith("text/html") && !response.headers.get("set-cookie");
    const copy: SharedEntry = {
      version,
      expires: Date.now() + opts.ttlMs,
      entry: ok
        ? {
            expires: 0,
            status: 200,
            headers: [
              ...KEPT_HEADERS.filter((h) => h !== "cache-control" && response.headers.has(h)).map(
                (h) => [h, response.headers.get(h)!] as [string, string],
              ),
              // Served under a session: no shared cache on the way may keep it.
              ["cache-control", "private, no-cache"],
            ],
            page: splicePage(html, nonce),
            refreshingSince: null,
          }
        : null,
    };
    store.set(key, copy, copy.entry ? pageBytes(copy.entry.page) : 0);
    return copy;
  }

  /** One render per key and version at a time: members arriving meanwhile wait for it. */
  function copyFor(req: Request, key: string, version: string, nonce: string): Promise<SharedEntry> {
    const id = `${key}\n${version}`;
    let pending = rendering.get(id);
    if (!pending) {
      pending = renderCopy(req, key, version, nonce).finally(() => rendering.delete(id));
      rendering.set(id, pending);
    }
    return pending;
  }

  return {
    applies: (req: Request) => !("lang" in req.query) && renders.wants(req),
    async handle(req: Request, res: Response, next: () => void) {
      let version: string | null;
      try {
        version = await renders.version(req);
      } catch {
        return next(); // the version could not be read: the member's own render answers (and reports what failed)
      }
      if (version == null) return next();
      const key = `${opts.localeOf(req)} ${req.originalUrl}`;
      const nonce = String(res.locals.cspNonce ?? "");
      const now = Date.now();
      let copy = store.get(key);
      let state: "hit" | "stale" | "miss" = "hit";
      if (copy && copy.version === version && copy.expires <= now) {
        // Same data, older than the ttl (names, related cases may have changed):
        // serve it once more while a fresh copy renders.
        if (copy.expires + STALE_FACTOR * opts.ttlMs > now) {
          state = "stale";
          void copyFor(req, key, version, nonce).catch(() => store.delete(key));
        } else copy = undefined;
      }
      if (!copy || copy.version !== version) {
        state = "miss";
        try {
          copy = await copyFor(req, key, version, nonce);
        } catch {
          return next(); // the shared render failed: the member's own render answers (and reports what failed)
        }
      }
      if (!copy.entry) return next();
      res.vary("Cookie");
      serve(req, res, copy.entry, nonce, `shared-${state}`);
    },
    clear: () => store.clear(),
    bytes: () => store.totalBytes,
  };
}

/** Sends a cached page; `state` goes out as X-Page-Cache (hit, stale, shared-hit, shared-miss…). */
function serve(req: Request, res: Response, entry: Entry, nonce: string, state: string) {
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
