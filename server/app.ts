// The Express application around Remix: security headers with a per-request CSP
// nonce, compression, immutable caching of hashed assets, request logging, an
// Origin check on every non-GET request, and a request-body size limit.
// createApp() takes the Remix handler so tests can exercise the middleware alone.
import crypto from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import compression from "compression";
import express, { type RequestHandler } from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import { withRequestTiming } from "../app/utils/request-timing.server.ts";
import { compressWholeBodies } from "./compress-whole.ts";
import { bodyLimit, drainUnreadBody, originCheck, untrustedProxyWarning } from "./guards.ts";
import { requestLog } from "./request-log.ts";

export interface AppOptions {
  logger: Logger;
  remixHandler: RequestHandler;
  /** Extra middleware (Vite's dev server) mounted before the static files. */
  devMiddleware?: RequestHandler;
  clientDir?: string;
  trustProxy: boolean;
  bodyLimitBytes: number;
  /** Paths that take larger bodies (image uploads), with their own limits. */
  bodyLimitOverrides?: Record<string, number>;
  /** Anonymous page cache (server/page-cache.ts); absent or ttl 0 = off. */
  pageCache?: RequestHandler;
  /** /healthz, /readyz and /metrics (server/ops.ts), answered before logging and everything else. */
  ops?: RequestHandler;
  /** Request duration metrics (server/ops.ts requestMetrics). */
  requestMetrics?: RequestHandler;
  /**
   * GET /api/search answered before the static files and Remix (ADR 050): the build's
   * own handler (entry.server.tsx searchApi), the same code as the Remix route.
   */
  searchApi?: RequestHandler;
  /** Token-authenticated POST endpoints that cross-site mail clients call. */
  originExemptPaths?: string[];
  isDev: boolean;
}

/**
 * Brotli quality 3, not the middleware's 4 (ADR 060): a page is now compressed once, as a whole,
 * and quality 4 cost about twice the CPU of 3 on the uncached pages (0.5 against 0.2–0.3 ms for
 * the 36–50 KB home and case list) for 5–6 % fewer bytes (~0.5–0.8 KB).
 */
export const BROTLI_QUALITY = 3;

/**
 * The compression middleware as the app configures it, with a body given to res.end whole
 * compressed in one call and sent with one write (server/compress-whole.ts, ADR 073, ADR 085).
 */
export function compressResponses(): RequestHandler {
  const brotli = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } };
  const streaming = compression({ brotli });
  const whole = compressWholeBodies(brotli);
  return (req, res, next) =>
    streaming(req, res, (error?: unknown) => {
      if (error) return next(error);
      whole(req, res);
      next();
    });
}

export function createApp(opts: AppOptions) {
  const app = express();
  app.disable("x-powered-by");
  if (opts.trustProxy) app.set("trust proxy", true);

  // Load balancers probe every few seconds: their answers stay out of the request log.
  if (opts.ops) app.use(opts.ops);
  if (opts.requestMetrics) app.use(opts.requestMetrics);
  // Each request's database and render time, sent as Server-Timing (app/utils/request-timing.server.ts).
  app.use((_req, _res, next) => withRequestTiming(next));

  // Asset requests are not logged (a page pulls several); they still get their id.
  app.use(requestLog(opts.logger, { ignore: (url) => url.startsWith("/assets/") }));

  app.use(
    drainUnreadBody({ maxBytes: Math.max(opts.bodyLimitBytes, ...Object.values(opts.bodyLimitOverrides ?? {})) }),
  );
  app.use(untrustedProxyWarning({ trustProxy: opts.trustProxy, warn: (d, m) => opts.logger.warn(d, m) }));

  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });

  app.use(
    helmet({
      xPoweredBy: false,
      referrerPolicy: { policy: "same-origin" },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: opts.isDev ? false : { maxAge: 15552000, includeSubDomains: false },
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "base-uri": ["'self'"],
          "connect-src": opts.isDev ? ["'self'", "ws:"] : ["'self'"],
          "font-src": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "img-src": ["'self'", "data:"],
          "object-src": ["'none'"],
          "script-src": ["'strict-dynamic'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          "script-src-attr": ["'none'"],
          "style-src": opts.isDev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
          "upgrade-insecure-requests": null,
        },
      },
    }),
  );

  app.use(compressResponses());
  app.use(originCheck({ exempt: opts.originExemptPaths ?? [] }));
  app.use(bodyLimit({ defaultLimit: opts.bodyLimitBytes, overrides: opts.bodyLimitOverrides ?? {} }));

  if (opts.searchApi) app.get("/api/search", opts.searchApi);

  if (opts.devMiddleware) {
    app.use(opts.devMiddleware);
  } else if (opts.clientDir) {
    // Vite fingerprints everything under /assets, so it can be cached forever.
    app.use("/assets", express.static(`${opts.clientDir}/assets`, { immutable: true, maxAge: "1y", index: false }));
    // The build's other public files (favicon.svg, robots.txt) are few and fixed: listed once
    // here, so a page request goes to Remix without the static handler's fs.stat (issue 15.1).
    const publicFiles = express.static(opts.clientDir, { maxAge: "1h", index: false });
    const topLevel = new Set(fs.readdirSync(opts.clientDir).filter((name) => name !== "assets"));
    app.use((req, res, next) => {
      const first = req.path.slice(1).split("/", 1)[0]!;
      return topLevel.has(first) ? publicFiles(req, res, next) : next();
    });
  }

  // After compression, so the cache stores what the app wrote (uncompressed).
  if (opts.pageCache) app.use(opts.pageCache);
  app.all("*", opts.remixHandler);
  return app;
}
