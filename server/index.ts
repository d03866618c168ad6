// Production and development entry. Production runs it built into plain JavaScript,
// `node build/start/index.js [--prepare]` (scripts/build-server.ts, part of `npm run build`:
// through tsx every module loaded paid a loader-thread round trip, 5–7 s of a cold start and
// ~190 MB); development runs `node --import tsx server/index.ts --prepare`. npm run serve /
// npm run dev exec it, so signals reach this process.
// The Remix server build (or Vite's dev server) supplies the request handler and,
// through entry.server.tsx, createLoadContext and startBackgroundWork, so they
// share one module graph (one Prisma client) with the routes. server/serve.ts
// does the serving.
//
// Before anything else: the settings (one line per problem, naming the variable
// and the accepted form, exit code 2), then with --prepare the migrations and
// seeds, then the database itself (there, readable, migrated) — a server that
// would answer 500s, or a new empty site, never starts (ADR 022).
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { env, settingsProblems } from "../app/utils/env.server.ts";
import { databaseFile, databaseProvider, databaseUrl } from "../app/utils/database-url.ts";
import { checkDatabase, checkPostgres } from "../app/utils/database-check.server.ts";
import type { BuildSource } from "./serve.ts";
import { STOP_LIMITS } from "./shutdown.ts";

class StartError extends Error {}

function portProblem(host: string, port: number): Promise<string | null> {
  if (port === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (e: NodeJS.ErrnoException) =>
      resolve(
        `PORT: cannot listen on ${host}:${port} (${e.code === "EADDRINUSE" ? "the port is in use" : e.code === "EACCES" ? "permission denied" : e.code}); set PORT (and HOST) to a free address, e.g. PORT=3001`,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}

/** Milliseconds since the process began (node's own start-up included), for the start's phases. */
const sinceStart = () => Math.round(performance.now());

async function main() {
  const problems = settingsProblems(process.env);
  if (problems.length) {
    for (const p of problems) console.error(`Cannot start: ${p}`);
    process.exit(2);
  }
  const config = env();
  const busy = await portProblem(config.HOST, config.PORT);
  if (busy) {
    console.error(`Cannot start: ${busy}`);
    process.exit(2);
  }
  const isDev = config.NODE_ENV === "development";

  const phases: Record<string, number> = { settings: sinceStart() };
  const prepared = process.argv.includes("--prepare");
  if (prepared) {
    const { prepare, StartError: PrepareError } = await import("../scripts/prepare.ts");
    try {
      await prepare();
    } catch (e) {
      if (e instanceof PrepareError) throw new StartError(e.message);
      throw e;
    }
  }
  if (prepared) phases.prepare = sinceStart();
  // After --prepare (which ran SQLite's quick_check over every page and the migrations), the
  // database is only probed: a second quick_check read the whole file again (on a large
  // database, seconds of every start).
  const check =
    databaseProvider() === "postgresql"
      ? await checkPostgres(databaseUrl())
      : checkDatabase(databaseFile(), { thorough: !prepared });
  if (!check.ok) throw new StartError(check.message);
  phases.check = sinceStart();

  const buildPath = path.resolve("build/server/index.js");
  if (!isDev && !fs.existsSync(buildPath)) {
    throw new StartError(
      `no production build at ${buildPath}. Run \`npm run build\` first (or use \`npm start\`, which builds).`,
    );
  }

  // Modules that read the settings when loaded come after the check.
  const { logger } = await import("../app/utils/logger.server.ts");
  const { serve } = await import("./serve.ts");
  const { appOrigin } = await import("../app/utils/env.server.ts");
  phases.server = sinceStart();

  let source: BuildSource;
  if (isDev) {
    const vite = await import("vite");
    // Vite would end the process on SIGTERM before the requests a graceful stop lets finish.
    const { withoutViteExits } = await import("./vite-exits.ts");
    const viteServer = await withoutViteExits(() => vite.createServer({ server: { middlewareMode: true } }));
    source = {
      isDev,
      devMiddleware: viteServer.middlewares,
      getBuild: () =>
        withoutViteExits(() => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>),
    };
  } else {
    const build = (await import(buildPath)) as ServerBuild;
    phases.build = sinceStart();
    source = { isDev, clientDir: path.resolve("build/client"), getBuild: async () => build };
  }

  let running: Awaited<ReturnType<typeof serve>>;
  try {
    running = await serve(config, source);
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    if (error.code === "EADDRINUSE" || error.code === "EACCES") {
      throw new StartError(
        `PORT: cannot listen on ${config.HOST}:${config.PORT} (${error.code === "EADDRINUSE" ? "the port is in use" : "permission denied"}); set PORT (and HOST) to a free address, e.g. PORT=3001`,
      );
    }
    throw e;
  }
  phases.listening = sinceStart();
  // When each phase ended, in ms since the process began (`npm run bench:start` reads them).
  logger.info({ port: running.port, startMs: phases }, "listening");
  console.log(
    `\n  Base Experience Exchange is running at ${config.APP_ORIGIN ?? appOrigin().replace(/:\d+$/, `:${running.port}`)}\n`,
  );

  // Stop taking connections, let requests in flight and the job in hand finish
  // (for at most 10 s), close the database (at most 5 s), then exit: 0 when all of it
  // finished, 1 when something was cut off (the log says what). A service manager's SIGTERM
  // first waits SHUTDOWN_DELAY_SECONDS answering /readyz with 503 so the balancer moves
  // traffic away; Ctrl+C in a terminal (SIGINT) stops at once.
  const shutdown = async (signal: "SIGINT" | "SIGTERM") => {
    const delaySeconds = signal === "SIGTERM" ? config.SHUTDOWN_DELAY_SECONDS : 0;
    logger.info({ signal }, "shutting down");
    // Whatever else might hang, the process ends: a stop never waits past its limits.
    const limitMs = delaySeconds * 1000 + STOP_LIMITS.WORK_MS + STOP_LIMITS.CLOSE_MS + 5_000;
    setTimeout(() => {
      logger.fatal({ signal, limitMs }, "the stop did not end in time: exiting now");
      process.exit(1);
    }, limitMs).unref();
    const clean = await running.stop({ delaySeconds });
    logger.info({ signal, clean }, "stopped");
    process.exit(clean ? 0 : 1);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((e: unknown) => {
  // An operator's problem is one line; anything else is a bug and keeps its stack.
  if (e instanceof StartError) console.error(`Cannot start: ${e.message}`);
  else console.error(e);
  process.exit(1);
});
