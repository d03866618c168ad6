// Serving the app: the Express application (server/app.ts) around a Remix
// server build, listening, background work and a graceful stop. server/index.ts
// runs it on the production build or Vite's dev server; tests that need real
// server processes without a build run it on Vite's SSR loader
// (tests/helpers/app-process.ts).
import http, { type Server } from "node:http";
import {
  createRequestHandler as createFetchRequestHandler,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { Request, RequestHandler, Response } from "express";
import type { Env } from "../app/utils/env.server.ts";
import { logger } from "../app/utils/logger.server.ts";
import { stopWithin } from "./shutdown.ts";
import { readCookie, resolveLocale } from "../app/i18n/detect.server.ts";
import { JS_COOKIE } from "../app/features/viewer-state.ts";
import { withStorageFullAnswers } from "../app/utils/storage-full.server.ts";
import { createApp } from "./app.ts";
import { remixRequestHandler } from "./remix-handler.ts";
import { opsRouter, type OpsOptions, requestMetrics, routePatternOf } from "./ops.ts";
import { pageCache as makePageCache } from "./page-cache.ts";
import { canonicalPageUrl, UNCACHED_PAGES } from "./page-query.ts";

/**
 * The page caches, each telling `npm run bench:resident`'s probe (tests/bench/lib/memory-probe.mjs)
 * how much it holds, for the resident-memory breakdown (issue 15.4). One global, read only there.
 */
const pageCache: typeof makePageCache = (opts) => {
  const handler = makePageCache(opts);
  (globalThis as { __beePageCacheBytes?: () => number }).__beePageCacheBytes = () => handler.bytes();
  return handler;
};

type EntryModule = {
  createLoadContext: (req: Request, res: Response) => Promise<unknown>;
  createSharedLoadContext: (input: {
    url: string;
    cookie: string | null;
    acceptLanguage: string | null;
    secure: boolean;
    cspNonce: string;
  }) => Promise<AppLoadContext>;
  sharedPageVersion: (path: string) => Promise<string | null>;
  searchApi: RequestHandler;
  startBackgroundWork: () => () => Promise<void>;
  readiness: OpsOptions["readiness"];
  closeConnections: () => Promise<void>;
};

export interface BuildSource {
  getBuild: () => Promise<ServerBuild>;
  isDev: boolean;
  /** Vite's middleware (development): serves the client modules. */
  devMiddleware?: RequestHandler;
  /** The built client files (production). */
  clientDir?: string;
}

/**
 * Starts listening on config.HOST:config.PORT (0 = any free port) and resolves
 * once it does, with the port and a stop function that lets requests in flight
 * and the job in hand finish (for at most 10 s).
 */
export async function serve(
  config: Env,
  source: BuildSource,
): Promise<{ server: Server; port: number; stop: (options?: { delaySeconds?: number }) => Promise<boolean> }> {
  // Storage-full failures answer "nothing was saved" instead of a 500 (app/utils/storage-full.server.ts).
  const getBuild = async () => withStorageFullAnswers(await source.getBuild());
  const entry = async () => (await getBuild()).entry.module as unknown as EntryModule;
  // A production build never changes: its entry and handler are looked up once.
  const fixedEntry = source.isDev ? null : await entry();
  const fixedHandler = source.isDev ? null : createFetchRequestHandler(await getBuild(), config.NODE_ENV);
  // What closes the connections at stop: a production build's own (the start bundle then holds no
  // database module, and no second Prisma client). In development the sources' copies, whose
  // connections live on globalThis and so reach the ones Vite's copy opened; loaded now, not at
  // stop: Vite ends the process shortly after SIGTERM, before modules loaded then would run.
  const closers: Pick<EntryModule, "closeConnections"> =
    fixedEntry ?? (await import("../app/utils/close-connections.server.ts"));

  // Set when stop() begins: /readyz answers 503 from then on (requests on kept-alive
  // connections still arrive while the ones in flight finish).
  let draining = false;
  const app = createApp({
    logger,
    isDev: source.isDev,
    ops: opsRouter({
      logger,
      metricsToken: config.METRICS_TOKEN,
      readiness: async () => (await entry()).readiness(),
      draining: () => draining,
    }),
    requestMetrics: requestMetrics(routePatternOf(source.isDev ? null : await getBuild())),
    devMiddleware: source.devMiddleware,
    clientDir: source.clientDir,
    trustProxy: config.TRUST_PROXY,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    // Images (10 MB) and case documents (20 MB, app/models/attachment.server.ts), with room for the envelope.
    bodyLimitOverrides: {
      "/resources/uploads": 11 * 1024 * 1024,
      "/resources/attachments": 21 * 1024 * 1024,
      // The affiliation request with its evidence (5 MB), posted as a page or through single fetch.
      "/affiliation": 6 * 1024 * 1024,
      "/affiliation.data": 6 * 1024 * 1024,
    },
    originExemptPaths: ["/unsubscribe/confirm"],
    searchApi: fixedEntry
      ? fixedEntry.searchApi
      : (req, res, next) => void entry().then((e) => e.searchApi(req, res, next), next),
    pageCache: pageCache({
      ttlMs: config.PAGE_CACHE_SECONDS * 1000,
      // Personal, per-request or fast-changing pages always run.
      bypass: UNCACHED_PAGES,
      hasSession: (req) => /(?:^|;\s*)bee_session=/.test(req.get("cookie") ?? ""),
      // Keyed on the parameters each page reads: ?x=<random> is the same page (issue 10.8).
      canonicalUrl: canonicalPageUrl,
      localeOf: (req) =>
        resolveLocale({
          url: req.originalUrl,
          userLocale: null,
          cookie: req.get("cookie") ?? null,
          acceptLanguage: req.get("accept-language") ?? null,
        }),
      // Members share one render of the pages sharedPageVersion knows (case pages and
      // those showing nothing of them but the header, ADR 015); each page then
      // fetches the member's own state.
      shared: {
        wants: (req) => readCookie(req.get("cookie") ?? null, JS_COOKIE) === "1",
        version: (req) => (fixedEntry ? fixedEntry.sharedPageVersion(req.path) : null),
        render: async (req, nonce) => {
          const url = `${req.protocol}://${req.get("host")}${req.originalUrl}`;
          const context = await fixedEntry!.createSharedLoadContext({
            url,
            cookie: req.get("cookie") ?? null,
            acceptLanguage: req.get("accept-language") ?? null,
            secure: req.protocol === "https",
            cspNonce: nonce,
          });
          const headers = new Headers({ accept: "text/html" });
          if (req.get("accept-language")) headers.set("accept-language", req.get("accept-language")!);
          return fixedHandler!(new Request(url, { headers }), context);
        },
      },
    }),
    remixHandler: remixRequestHandler({
      // Remix derives its route tables from a build on every request when given a
      // function (so development picks up edits); a production build is fixed, so
      // it gets the build itself and derives them once.
      build: source.isDev ? getBuild : await getBuild(),
      mode: config.NODE_ENV,
      getLoadContext: async (req, res) => (await entry()).createLoadContext(req, res),
    }),
  });

  const stopWork = config.JOBS_IN_PROCESS ? (await entry()).startBackgroundWork() : async () => {};

  // 32 KiB of request line and headers (Node's default is 16): long search URLs with
  // many filters must never meet a 431. Beyond it the client gets a 414 with a JSON
  // body instead of Node's empty 431 (issue 13).
  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app);
  server.on("clientError", answerClientError);
  server.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;

  let stopping: Promise<boolean> | null = null;
  /**
   * Stops the node: not ready at once, then (after `delaySeconds` of still serving) no new connections;
   * true when everything in flight finished in time (server/shutdown.ts).
   */
  const stop = ({ delaySeconds = 0 } = {}) =>
    (stopping ??= (async () => {
      draining = true;
      if (delaySeconds > 0) {
        logger.info({ delaySeconds }, "draining: /readyz answers 503, still serving until the delay ends");
        await new Promise((resolve) => setTimeout(resolve, delaySeconds * 1000));
      }
      const requestsDone = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // The database closes last, so app.db is complete without its -wal file.
      return stopWithin(
        {
          requestsDone,
          stopWork,
          dropConnections: () => server.closeAllConnections(),
          closeDatabase: () => closers.closeConnections(),
        },
        logger,
      );
    })());
  return { server, port, stop };
}

export const MAX_HEADER_BYTES = 32 * 1024;

/** Requests Node rejects before the app sees them: an oversized head answers 414 with JSON; others as Node would. */
export function answerClientError(err: NodeJS.ErrnoException, socket: import("node:stream").Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  if (err.code === "HPE_HEADER_OVERFLOW") {
    const body = JSON.stringify({
      error: "uri_too_long",
      message: `The request line and headers exceed ${MAX_HEADER_BYTES} bytes; shorten the query or send fewer filters.`,
    });
    socket.end(
      `HTTP/1.1 414 URI Too Long\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    return;
  }
  socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
}
