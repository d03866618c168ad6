// The 200-comment page's render cost, measured sequentially (issue 15.2): CPU time of
// the server process per request, page caches off, for a member without JavaScript
// and for a reader. Steadier than autocannon at 10 connections on a busy machine.
//
//   node --import tsx tests/bench/thread-probe.ts prep DIR         a data dir with the bench's thread (once)
//   node --import tsx tests/bench/thread-probe.ts run DIR [N]      start build/ on it, N requests each (default 40)
//   WHO=member,moderator NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p" …     one viewer only; extra node flags for the server
//   ENCODING=identity …                                            no compression (default: "br, gzip", as browsers)
//   WHO=memberjs PAGE_CACHE=60 …                                   a member whose browser runs the script (ADR 015):
//                                                                  the shared copy plus /resources/viewer-state, per visit
//   PAGE=/cases/a-published-quality-standard-that-goji-buyers-can-check …   another page of the same data (the bench's case page)
//
// The server is `node build/start/index.js` as in `npm run serve`; `prep` writes DIR/thread.json
// ({ path, cookie }, the member is the bench's thread reader: tests/bench/lib/thread.ts).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, prepare, ROOT, serverEnv, waitForHttp } from "../e2e/lib/app-server.ts";
import { cpuTimeMs } from "./lib/measure.ts";
import { createThreadCase } from "./lib/thread.ts";

const [mode, dir, n] = process.argv.slice(2);
if (!dir || (mode !== "prep" && mode !== "run")) {
  console.error("usage: thread-probe.ts prep|run DIR [N]");
  process.exit(2);
}
const env = (port: number) =>
  serverEnv({
    dataDir: dir,
    port,
    extra: { PAGE_CACHE_SECONDS: process.env.PAGE_CACHE ?? "0", RATE_LIMITS: "false", JOBS_IN_PROCESS: "true" },
  });

async function run() {
  const {
    path: threadPath,
    cookie,
    moderatorCookie,
  } = JSON.parse(fs.readFileSync(path.join(dir!, "thread.json"), "utf8")) as {
    path: string;
    cookie: string;
    /** Optional: a session of a moderator (add one with tests/e2e/lib/grant-role.ts and a session). */
    moderatorCookie?: string;
  };
  const page = process.env.PAGE ?? threadPath;
  const port = await freePort();
  const extra = (process.env.NODE_ARGS ?? "").split(" ").filter(Boolean);
  const server = spawn(process.execPath, [...extra, "build/start/index.js"], {
    cwd: ROOT,
    env: env(port),
    stdio: "inherit",
  });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/favicon.svg`);
    await new Promise((r) => setTimeout(r, 2500)); // the search warm-up starts 2 s after listening
    const count = Number(n) || 40;
    const who = process.env.WHO ? process.env.WHO.split(",") : ["member", "reader"];
    for (const w of who) {
      // No bee_js cookie: the member's full render without JavaScript (the shared render needs it).
      const headers: Record<string, string> = {
        accept: "text/html",
        "accept-encoding": process.env.ENCODING ?? "br, gzip",
      };
      if (w === "member") headers.cookie = cookie;
      if (w === "moderator") {
        if (!moderatorCookie) throw new Error("thread.json has no moderatorCookie");
        headers.cookie = moderatorCookie;
      }
      // With the script's cookie: the members' shared render, then the member's own state (as the browser asks).
      if (w === "memberjs") headers.cookie = `${cookie}; bee_js=1`;
      let cacheState = "none";
      const get = async () => {
        const res = await fetch(origin + page, { headers });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`${page} answered ${res.status}`);
        cacheState = res.headers.get("x-page-cache") ?? "none";
        if (w === "memberjs") {
          const state = await fetch(`${origin}/resources/viewer-state?page=${encodeURIComponent(page)}`, { headers });
          if (state.status !== 200) throw new Error(`viewer-state answered ${state.status}`);
          await state.text();
        }
        return text;
      };
      for (let i = 0; i < 10; i++) await get();
      const html = await get();
      const before = cpuTimeMs(server.pid!)!;
      const t0 = performance.now();
      for (let i = 0; i < count; i++) await get();
      const wall = performance.now() - t0;
      const cpu = cpuTimeMs(server.pid!)! - before;
      const data = /window\.__remixContext\.streamController\.enqueue\(([\s\S]*?)\);<\/script>/g;
      let dataChars = 0;
      for (const m of html.matchAll(data)) dataChars += m[1]!.length;
      console.log(
        `${process.env.LABEL ?? ""} ${w}: CPU ${(cpu / count).toFixed(1)} ms/req, wall ${(wall / count).toFixed(1)} ms/req, ` +
          `page ${html.length} chars, stream data ${dataChars} chars, X-Page-Cache ${cacheState} ` +
          `(${count} requests, load ${os.loadavg()[0]!.toFixed(2)})`,
      );
      if (process.env.SAVE_HTML) fs.writeFileSync(`${process.env.SAVE_HTML}-${w}.html`, html);
    }
  } finally {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
}

async function prep() {
  fs.mkdirSync(dir!, { recursive: true });
  const e = env(await freePort());
  prepare(e);
  const thread = createThreadCase(e);
  fs.writeFileSync(path.join(dir!, "thread.json"), JSON.stringify(thread));
  console.log(JSON.stringify(thread));
}

(mode === "prep" ? prep() : run()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
