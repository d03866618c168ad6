// Real app server processes sharing the test file's database, for tests of what
// must hold across processes (concurrent votes and comments). Each runs
// tests/helpers/app-server-process.ts on a free port: on the production build
// when build/ is current (CI builds before testing), else on the sources
// through Vite, which costs each process a few seconds more to start.
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { buildIsStale, ROOT } from "../e2e/lib/app-server.ts";
import { startRunner } from "./race.ts";

export interface AppServer {
  origin: string;
  /** Everything the process printed to stdout. */
  lines: string[];
  /** The server's process (node with tsx's loader, no wrapper between): a signal to it reaches the server. */
  child: ChildProcess;
  /** The server's own process id, as it printed it (the same as `child.pid`). */
  pid: number;
  /** Resolves with the exit code (null after a signal) when the process ends. */
  exited: Promise<number | null>;
}

/**
 * Starts `count` servers on the current DATABASE_URL and DATA_DIR; `stop` ends them all.
 * `perServer` adds settings of each server's own (e.g. a DATA_DIR per node, as separate machines have).
 */
export async function startAppServers(
  count: number,
  extraEnv: Record<string, string> = {},
  perServer: (index: number) => Record<string, string> = () => ({}),
) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "error",
    JOBS_IN_PROCESS: "false",
    PAGE_CACHE_SECONDS: "0",
    ...extraEnv,
  };
  // TEST_APP_SOURCE=vite compiles the sources even when build/ is current.
  if (process.env.TEST_APP_SOURCE !== "vite" && !buildIsStale())
    env.APP_BUILD = path.join(ROOT, "build/server/index.js");
  // vite.config.ts leaves the Remix plugin out under Vitest; the servers need it.
  for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
  delete env.APP_ORIGIN;
  const runners = Array.from({ length: count }, (_, i) =>
    startRunner("tests/helpers/app-server-process.ts", { ...env, ...perServer(i) }),
  );
  const stop = async () => {
    await Promise.all(
      runners.map(async (r) => {
        if (r.child.exitCode !== null || r.child.signalCode !== null) return;
        r.child.stdin!.end();
        const timer = setTimeout(() => r.child.kill("SIGKILL"), 15_000);
        await r.exited;
        clearTimeout(timer);
      }),
    );
  };
  try {
    await Promise.all(runners.map((r) => r.ready));
  } catch (e) {
    await stop();
    throw e;
  }
  const servers: AppServer[] = runners.map((r) => {
    const port = r.lines.map((l) => /^port (\d+)$/.exec(l)?.[1]).find(Boolean);
    const pid = Number(r.lines.map((l) => /^pid (\d+)$/.exec(l)?.[1]).find(Boolean));
    return { origin: `http://127.0.0.1:${port}`, lines: r.lines, child: r.child, pid, exited: r.exited };
  });
  return { servers, stop };
}

/**
 * Whether `origin` refuses new connections within `ms` — a stopping server closes its listener
 * first. Polled: a loaded machine can take a while to pass a signal on and act on it.
 */
export async function refusesConnections(origin: string, ms = 20_000): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    const refused = await fetch(`${origin}/healthz`).then(
      async (res) => (await res.arrayBuffer(), false),
      (e: Error & { cause?: { code?: string } }) => e.cause?.code === "ECONNREFUSED",
    );
    if (refused) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
