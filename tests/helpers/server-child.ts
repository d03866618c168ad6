// A real app server process (tests/helpers/app-server-process.ts) started as
// node itself, not through the tsx launcher, so a signal (SIGKILL in the crash
// test) reaches the process that holds the database.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { buildIsStale, ROOT } from "../e2e/lib/app-server.ts";

export interface ServerChild {
  child: ChildProcess;
  origin: string;
  exited: Promise<number | null>;
}

export async function startServerChild(extraEnv: Record<string, string> = {}): Promise<ServerChild> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "error",
    JOBS_IN_PROCESS: "false",
    PAGE_CACHE_SECONDS: "0",
    RATE_LIMITS: "false",
    ...extraEnv,
  };
  if (process.env.TEST_APP_SOURCE !== "vite" && !buildIsStale())
    env.APP_BUILD = path.join(ROOT, "build/server/index.js");
  for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
  delete env.APP_ORIGIN;
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/app-server-process.ts"], {
    cwd: ROOT,
    env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const port = await new Promise<string>((resolve, reject) => {
    let seen = "";
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /^port (\d+)$/.exec(line);
      if (m) seen = m[1]!;
      if (line === "ready") resolve(seen);
    });
    child.once("exit", (code) => reject(new Error(`server exited before it was ready (${code})`)));
  });
  return { child, origin: `http://127.0.0.1:${port}`, exited };
}
