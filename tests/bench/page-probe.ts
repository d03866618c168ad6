// CPU per uncached page render, measured sequentially and side by side (issue 15.1): one
// connection, one request at a time, the server's CPU time (/proc) over blocks of requests,
// page caches off. Several builds run at once on copies of one data dir and are asked in
// turn, block by block, so a change of the machine's load falls on all of them alike —
// steadier than autocannon at 10 connections on a shared machine.
//
//   node --import tsx tests/bench/page-probe.ts prep DIR                  a data dir (demo data, the bench's thread and member)
//   node --import tsx tests/bench/page-probe.ts run DIR N BUILD [BUILD…]  N requests per page, viewer and build
//
// BUILD is a directory holding a `build/` (e.g. `.` for this worktree, or a copy of an older
// build/ placed under the worktree, so node_modules resolves, next to a `prisma` link to the
// worktree's: the start checks the migrations from there); `DIR@--flag,--flag2` adds node flags to
// that build's server only. Options by environment:
//   PAGES=shell,case,search,profile,home     which pages (default shell,case,search,profile; also case-list, base, topic)
//   WHO=reader,member                         viewers (member = the bench's member with the script cookie, as in `npm run bench`)
//   ROUNDS=6                                  blocks per page, viewer and build (builds alternate, order reversed each round)
//   JOBS=true                                 run the job worker in the measured servers too
//   NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p"   extra node flags for every server
//   WARM=300                                  unmeasured requests per page and server before the blocks
//   ENCODING=identity                         no compression (default "gzip, deflate, br", as the bench)
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { freePort, prepare, SERVE_ENV, SERVE_NODE_FLAGS, serverEnv, waitForHttp } from "../e2e/lib/app-server.ts";
import { firstLink } from "./lib/cases.ts";
import { cpuTimeMs } from "./lib/measure.ts";
import { createThreadCase } from "./lib/thread.ts";

const [mode, dir, n, ...builds] = process.argv.slice(2);
if (!dir || (mode !== "prep" && mode !== "run") || (mode === "run" && builds.length === 0)) {
  console.error("usage: page-probe.ts prep DIR | run DIR N BUILD [BUILD…]");
  process.exit(2);
}

// The measured servers run no job worker (JOBS=false): `prep` has run the queue and indexed the
// search, and a weekly digest or a mail sent in the middle of a block would be counted as render time.
const env = (dataDir: string, port: number, jobs = process.env.JOBS ?? "false") =>
  serverEnv({
    dataDir,
    port,
    extra: { ...SERVE_ENV, PAGE_CACHE_SECONDS: "0", RATE_LIMITS: "false", JOBS_IN_PROCESS: jobs },
  });

interface Seed {
  path: string;
  cookie: string;
}

/** The pages: an almost empty one (the shell every page pays for), then the pages of the issue. */
const PAGES: Record<string, (origin: string, seed: Seed) => Promise<string | { skip: string }>> = {
  shell: async () => "/terms",
  home: async () => "/",
  "case-list": async () => "/cases",
  case: (origin, seed) => firstLink(origin, "/cases", /^\/cases\/(?!new$)[a-z0-9-]+$/, [seed.path]),
  search: async () => `/search?q=${encodeURIComponent("海外仓")}`,
  profile: (origin, seed) => firstLink(origin, seed.path, /^\/u\/[^/]+$/),
  base: (origin) => firstLink(origin, "/bases", /^\/bases\/[a-z0-9-]+$/),
  topic: async (origin, seed) => {
    const c = await firstLink(origin, "/cases", /^\/cases\/(?!new$)[a-z0-9-]+$/, [seed.path]);
    return typeof c === "string" ? firstLink(origin, c, /^\/topics\/[^/]+$/) : c;
  },
  "search-api": async () => `/api/search?q=${encodeURIComponent("品牌")}`,
};

interface Server {
  build: string;
  origin: string;
  child: ChildProcess;
}

async function startServer(build: string, index: number): Promise<Server> {
  const dataDir = `${dir!.replace(/\/$/, "")}-probe${index}`;
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.cpSync(dir!, dataDir, { recursive: true });
  const port = await freePort();
  // "DIR@--flag,--other" runs that build with extra node flags of its own (e.g. `.@--single-threaded-gc`
  // beside `.`: one build, two settings, same run).
  const [buildDir, ownFlags = ""] = build.split("@");
  const extra = [...(process.env.NODE_ARGS ?? "").split(" "), ...ownFlags.split(",")].filter(Boolean);
  const child = spawn(process.execPath, [...SERVE_NODE_FLAGS, ...extra, "build/start/index.js"], {
    cwd: path.resolve(buildDir!),
    env: env(dataDir, port),
    stdio: "inherit",
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(`${origin}/favicon.svg`);
  return { build, origin, child };
}

async function run() {
  const seed = JSON.parse(fs.readFileSync(path.join(dir!, "probe.json"), "utf8")) as Seed;
  const count = Number(n) || 300;
  const rounds = Number(process.env.ROUNDS) || 6;
  const perBlock = Math.max(1, Math.round(count / rounds));
  const pages = (process.env.PAGES ?? "shell,case,search,profile").split(",");
  const who = (process.env.WHO ?? "reader,member").split(",");
  // JIT and caches: a server's first few hundred renders of a page cost up to twice a later one.
  const warm = Number(process.env.WARM) || 300;
  const servers: Server[] = [];
  try {
    for (const [i, b] of builds.entries()) servers.push(await startServer(b, i));
    // Every page once on every server, so no server meets its first requests in a measured block.
    for (const s of servers) {
      for (const name of pages) {
        const p = await PAGES[name]!(s.origin, seed);
        if (typeof p === "string") for (let i = 0; i < warm; i++) await (await fetch(s.origin + p)).arrayBuffer();
      }
    }
    const load0 = os.loadavg()[0]!;
    const started = new Date().toISOString();
    const rows: string[] = [];
    for (const name of pages) {
      const resolved = await PAGES[name]!(servers[0]!.origin, seed);
      if (typeof resolved !== "string") {
        console.log(`${name}: skipped (${resolved.skip})`);
        continue;
      }
      for (const w of who) {
        const headers: Record<string, string> = {
          accept: "text/html,application/xhtml+xml",
          "accept-encoding": process.env.ENCODING ?? "gzip, deflate, br",
        };
        if (w === "member") headers.cookie = `${seed.cookie}; bee_js=1`;
        if (w === "member-nojs") headers.cookie = seed.cookie;
        const sizes = new Map<Server, number>();
        const get = async (s: Server) => {
          const res = await fetch(s.origin + resolved, { headers });
          const body = await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${resolved} answered ${res.status} on ${s.build}`);
          sizes.set(s, body.byteLength);
        };
        for (const s of servers) for (let i = 0; i < 30; i++) await get(s);
        const blocks = new Map<Server, number[]>(servers.map((s) => [s, []]));
        for (let r = 0; r < rounds; r++) {
          const order = r % 2 === 0 ? servers : [...servers].reverse();
          for (const s of order) {
            const before = cpuTimeMs(s.child.pid!)!;
            for (let i = 0; i < perBlock; i++) await get(s);
            blocks.get(s)!.push((cpuTimeMs(s.child.pid!)! - before) / perBlock);
          }
        }
        const cells = servers.map((s) => {
          const b = blocks.get(s)!;
          const mean = b.reduce((a, x) => a + x, 0) / b.length;
          const sorted = [...b].sort((x, y) => x - y);
          const median = sorted[Math.floor(sorted.length / 2)]!;
          return `${s.build}: mean ${mean.toFixed(2)} median ${median.toFixed(2)} [${b.map((x) => x.toFixed(1)).join(" ")}] ${sizes.get(s)} B`;
        });
        const row = `${name.padEnd(10)} ${w.padEnd(7)} ${cells.join(" | ")}`;
        rows.push(row);
        console.log(row);
      }
    }
    console.log(
      `${started} → ${new Date().toISOString()}: ${rounds * perBlock} requests per page, viewer and build ` +
        `(${rounds} blocks), load ${load0.toFixed(2)} → ${os.loadavg()[0]!.toFixed(2)}`,
    );
  } finally {
    for (const s of servers) {
      const exited = new Promise((r) => s.child.once("exit", r));
      s.child.kill("SIGTERM");
      await exited;
    }
  }
}

async function prep() {
  fs.mkdirSync(dir!, { recursive: true });
  const e = env(dir!, await freePort());
  prepare(e);
  const thread = createThreadCase(e);
  fs.writeFileSync(path.join(dir!, "probe.json"), JSON.stringify(thread));
  // The thread's 200 comments queued notifications and mails: let one server run them (and
  // index the search), so the measured servers do no background work but polling.
  const port = await freePort();
  const child = spawn(process.execPath, ["build/start/index.js"], { env: env(dir!, port, "true"), stdio: "inherit" });
  try {
    const db = new Database(path.join(dir!, "app.db"), { readonly: true });
    for (let i = 0; i < 600; i++) {
      await new Promise((done) => setTimeout(done, 1000));
      const { due } = db
        .prepare(
          "SELECT count(*) AS due FROM Job WHERE status IN ('queued', 'running') AND runAt <= strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')",
        )
        .get() as { due: number };
      if (due === 0) break;
      if (i % 10 === 0) console.log(`${due} jobs due`);
    }
    db.close();
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  console.log(JSON.stringify(thread));
}

(mode === "prep" ? prep() : run()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
