// Serving the app: the Express application (server/app.ts) around a Remix
// server build, listening, background work and a graceful stop. server/index.ts
// runs it on the production build or Vite's dev server; tests that need real
// server processes without a build run it on Vite's SSR loader
// (tests/helpers/app-process.ts).
import type { Server } from "node:http";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import type { Request, RequestHandler, Response } from "express";
import type { Env } from "../app/utils/env.server.ts";
import { logger } from "../app/utils/logger.server.ts";
import { resolveLocale } from "../app/i18n/detect.server.ts";
import { createApp } from "./app.ts";
import { pageCache } from "./page-cache.ts";

type EntryModule = {
  createLoadContext: (req: Request, res: Response) => Promise<unknown>;
  startBackgroundWork: () => () => Promise<void>;
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
export async function serve(config: Env, source: BuildSource): Promise<{ server: Server; port: number; stop: () => Promise<void> }> {
  const { getBuild } = source;
  const entry = async () => (await getBuild()).entry.module as unknown as EntryModule;

  const app = createApp({
    logger,
    isDev: source.isDev,
    devMiddleware: source.devMiddleware,
    clientDir: source.clientDir,
    trustProxy: config.TRUST_PROXY,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    bodyLimitOverrides: { "/resources/uploads": 11 * 1024 * 1024 },
    originExemptPaths: ["/unsubscribe/confirm"],
    pageCache: pageCache({
      ttlMs: config.PAGE_CACHE_SECONDS * 1000,
      // Personal, per-request or fast-changing pages always run.
      bypass: /^\/(search|api|resources|notifications|feed|settings|admin|affiliation|unsubscribe|login|logout|signup|verify-email|forgot-password|reset-password|cases\/new|cases\/drafts)(\/|$)|\/(edit|delete)$/,
      hasSession: (req) => /(?:^|;\s*)bee_session=/.test(req.get("cookie") ?? ""),
      localeOf: (req) =>
        resolveLocale({
          url: req.originalUrl,
          userLocale: null,
          cookie: req.get("cookie") ?? null,
          acceptLanguage: req.get("accept-language") ?? null,
        }),
    }),
    remixHandler: createRequestHandler({
      // Remix derives its route tables from a build on every request when given a
      // function (so development picks up edits); a production build is fixed, so
      // it gets the build itself and derives them once (~2 ms less per request).
      build: source.isDev ? getBuild : await getBuild(),
      mode: config.NODE_ENV,
      getLoadContext: async (req, res) => (await entry()).createLoadContext(req, res) as never,
    }),
  });

  const stopWork = config.JOBS_IN_PROCESS ? (await entry()).startBackgroundWork() : async () => {};

  const server = app.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
      await Promise.race([Promise.all([closed, stopWork()]), deadline]);
    })());
  return { server, port, stop };
}
