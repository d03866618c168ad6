// Production and development entry: `node --import tsx server/index.ts`.
// The Remix server build (or Vite's dev server) supplies the request handler and,
// through entry.server.tsx, createLoadContext and startBackgroundWork, so they
// share one module graph (one Prisma client) with the routes. server/serve.ts
// does the serving.
import fs from "node:fs";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { env, EnvError, appOrigin } from "../app/utils/env.server.ts";
import { logger } from "../app/utils/logger.server.ts";
import { serve, type BuildSource } from "./serve.ts";

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

  let source: BuildSource;
  if (isDev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    source = {
      isDev,
      devMiddleware: viteServer.middlewares,
      getBuild: () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
    };
  } else {
    const buildPath = path.resolve("build/server/index.js");
    if (!fs.existsSync(buildPath)) {
      console.error(
        `No production build at ${buildPath}. Run \`npm run build\` first (or use \`npm start\`, which builds).`,
      );
      process.exit(1);
    }
    const build = (await import(buildPath)) as ServerBuild;
    source = { isDev, clientDir: path.resolve("build/client"), getBuild: async () => build };
  }

  let running: Awaited<ReturnType<typeof serve>>;
  try {
    running = await serve(config, source);
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    if (error.code === "EADDRINUSE" || error.code === "EACCES") {
      console.error(
        `Cannot listen on ${config.HOST}:${config.PORT} (${error.code === "EADDRINUSE" ? "the port is in use" : "permission denied"}). ` +
          "Set PORT (and HOST) to another address, e.g. PORT=3001 npm start.",
      );
      process.exit(1);
    }
    throw e;
  }
  logger.info({ port: running.port }, "listening");
  console.log(
    `\n  Base Experience Exchange is running at ${config.APP_ORIGIN ?? appOrigin().replace(/:\d+$/, `:${running.port}`)}\n`,
  );

  // Stop taking connections, let requests in flight and the job in hand finish
  // (for at most 10 s), then exit.
  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await running.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

void main();
