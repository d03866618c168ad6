// Starting the built production server on a throwaway data directory, shared by the
// browser tests (through web-server.ts, Playwright's webServer) and the benchmark
// harness (tests/bench/run.ts). Same steps as `npm start`: build (only when the
// sources are newer than build/), scripts/prepare.ts (migrate, demo seed), then
// `node build/start/index.js` (server/index.ts as built by scripts/build-server.ts) with NODE_ENV=production.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BUILD_ENTRY = path.join(ROOT, "build/server/index.js");
/** The server itself, built by scripts/build-server.ts (npm run build). */
const START_ENTRY = path.join(ROOT, "build/start/index.js");
const BUILD_INPUTS = [
  "app",
  "public",
  "server",
  "scripts",
  "prisma",
  "vite.config.ts",
  "package-lock.json",
  "tsconfig.json",
];

function newestMtime(p: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) {
    // Tests beside the code do not go into the build.
    if (/\.test\.tsx?$/.test(entry)) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** True when build/ is missing or older than anything that goes into it. */
export function buildIsStale(): boolean {
  if (!fs.existsSync(BUILD_ENTRY) || !fs.existsSync(START_ENTRY)) return true;
  const built = fs.statSync(BUILD_ENTRY).mtimeMs;
  return BUILD_INPUTS.some((p) => newestMtime(path.join(ROOT, p)) > built);
}

/** Runs `npm run build` unless the build is current (or skip is set). */
export function ensureBuild({ skip = false, log = console.error }: { skip?: boolean; log?: (m: string) => void } = {}) {
  if (skip) {
    if (!fs.existsSync(BUILD_ENTRY) || !fs.existsSync(START_ENTRY))
      throw new Error("build/ is missing: run `npm run build` first");
    return;
  }
  if (!buildIsStale()) {
    log("[app-server] build/ is current, not rebuilding");
    return;
  }
  log("[app-server] building (npm run build)…");
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", process.stderr, "inherit"] });
}

export function makeDataDir(prefix = "bee-e2e-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function databaseUrlFor(dataDir: string): string {
  return `file:${path.join(dataDir, "app.db")}`;
}

export interface ServerEnvOptions {
  dataDir: string;
  port: number;
  demoData?: boolean;
  logLevel?: string;
  extra?: Record<string, string>;
}

/** The environment of the server and of CLI commands run against its database. */
export function serverEnv(o: ServerEnvOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(o.port),
    APP_ORIGIN: `http://127.0.0.1:${o.port}`,
    DATA_DIR: o.dataDir,
    DATABASE_URL: databaseUrlFor(o.dataDir),
    DEMO_DATA: o.demoData === false ? "false" : "true",
    LOG_LEVEL: o.logLevel ?? "warn",
    JOBS_IN_PROCESS: "true",
    ...o.extra,
  };
  // Settings of the shell that started us must not leak into the throwaway server.
  delete env.SMTP_URL;
  delete env.TRUST_PROXY;
  return env;
}

/** scripts/prepare.ts: migrations, then the demo seed when the database is empty. Returns its output. */
export function prepare(env: NodeJS.ProcessEnv): string {
  // As in `npm run serve`, prepare runs before NODE_ENV=production is set.
  const { NODE_ENV: _unused, ...prepareEnv } = env;
  // A named DATABASE_URL must exist before a start (ADR 022: a typo must not serve a new empty
  // database), so the test database is created the way an operator creates one.
  const migrated = execFileSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
    cwd: ROOT,
    env: prepareEnv as NodeJS.ProcessEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return (
    migrated +
    execFileSync(process.execPath, ["--import", "tsx", "scripts/prepare.ts"], {
      cwd: ROOT,
      env: prepareEnv as NodeJS.ProcessEnv,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    })
  );
}

/**
 * How `npm run serve` and the systemd unit run node (ADR 058, 062, 074): the benchmarks and browser tests
 * start the server the same way (tests/integration/deploy-config.test.ts keeps the three in step).
 */
export const SERVE_NODE_FLAGS = ["--max-semi-space-size=8", "--max-old-space-size=2000"] as const;
export const SERVE_ENV = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072" } as const;

export function startServer(env: NodeJS.ProcessEnv, stdio: "inherit" | "pipe" | "ignore" = "inherit"): ChildProcess {
  return spawn(process.execPath, [...SERVE_NODE_FLAGS, "build/start/index.js"], {
    cwd: ROOT,
    env: { ...SERVE_ENV, ...env },
    stdio,
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A free port found synchronously (for config files that cannot await). */
export function freePortSync(): number {
  const out = execFileSync(
    process.execPath,
    [
      "-e",
      "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
    ],
    { encoding: "utf8" },
  );
  return Number(out.trim());
}

export async function waitForHttp(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status < 500) return;
      last = new Error(`status ${res.status}`);
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server at ${url} did not answer within ${timeoutMs} ms: ${String(last)}`);
}
