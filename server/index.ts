// Production and development entry: `node --import tsx server/index.ts`.
// The Remix server build (or Vite's dev server) supplies the request handler and,
// through entry.server.tsx, createLoadContext and startBackgroundWork, so they
// share one module graph (one Prisma client) with the routes.
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import type { Request, Response } from "express";
import { env, EnvError, appOrigin } from "../app/utils/env.server.ts";
import { logger } from "../app/utils/logger.server.ts";
import { createApp } from "./app.ts";
import { pageCache } from "./page-cache.ts";
import { resolveLocale } from "../app/i18n/detect.server.ts";

type EntryModule = {
  createLoadContext: (req: Request, res: Response) => Promise<unknown>;
  startBackgroundWork: () => () => Promise<void>;
};

async function main() {
  let config;
  try {
    config = env();
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const isDev = config.NODE_ENV === "development";

  let getBuild: () => Promise<ServerBuild>;
  let devMiddleware;
  if (isDev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    devMiddleware = viteServer.middlewares;
    getBuild = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const buildPath = path.resolve("build/server/index.js");
    if (!fs.existsSync(buildPath)) {
      console.error(`No production build at ${buildPath}. Run \`npm run build\` first (or use \`npm start\`, which builds).`);
      process.exit(1);
    }
    const build = (await import(buildPath)) as ServerBuild;
    getBuild = async () => build;
  }
  const entry = async () => (await getBuild()).entry.module as unknown as EntryModule;

  const app = createApp({
    logger,
    isDev,
    devMiddleware,
    clientDir: isDev ? undefined : path.resolve("build/client"),
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
      build: getBuild,
      mode: config.NODE_ENV,
      getLoadContext: async (req, res) => (await entry()).createLoadContext(req, res) as never,
    }),
  });

  const stopWork = config.JOBS_IN_PROCESS ? (await entry()).startBackgroundWork() : async () => {};

  const server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    logger.info({ port }, "listening");
    console.log(`\n  Base Experience Exchange is running at ${config.APP_ORIGIN ?? appOrigin().replace(/:\d+$/, `:${port}`)}\n`);
  });

  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE" || error.code === "EACCES") {
      console.error(
        `Cannot listen on ${config.HOST}:${config.PORT} (${error.code === "EADDRINUSE" ? "the port is in use" : "permission denied"}). ` +
          "Set PORT (and HOST) to another address, e.g. PORT=3001 npm start.",
      );
      process.exit(1);
    }
    throw error;
  });

  // Stop taking connections, let requests in flight and the job in hand finish
  // (for at most 10 s), then exit.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
    await Promise.race([Promise.all([closed, stopWork()]), deadline]);
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

void main();
