// `npm run bench`: page throughput of the production server against a bare
// node:http server on the same machine, in one run. See docs/benchmarks.md.
//
//   npm run bench                          build, run every case, rewrite docs/benchmarks.md
//   BENCH_SKIP_BUILD=1 npm run bench       use the existing build/
//   npm run bench -- --only home,base      some cases only
//   npm run bench -- --no-write            print the table, leave the docs alone
//   BENCH_CONNECTIONS=10 BENCH_SECONDS=10  load settings (these are the defaults)
//   npm run bench -- --only insights       the dashboard at scale, on a server of its own (lib/insights.ts)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  ensureBuild,
  freePort,
  makeDataDir,
  prepare,
  ROOT,
  serverEnv,
  startServer,
  waitForHttp,
} from "../e2e/lib/app-server.ts";
import { cases, seeded } from "./lib/cases.ts";
import { createLongCase } from "./lib/long-case.ts";
import { createThreadCase } from "./lib/thread.ts";
import { bareServer, cpuTimeMs, load, watchPeakRss, type LoadResult } from "./lib/measure.ts";
import { section, table, writeDoc, type Row } from "./lib/report.ts";
import { benchInsights } from "./lib/insights.ts";

const args = process.argv.slice(2);
const only = (() => {
  const i = args.indexOf("--only");
  return i >= 0 ? new Set((args[i + 1] ?? "").split(",").filter(Boolean)) : null;
})();
const write = !args.includes("--no-write");
const connections = Number(process.env.BENCH_CONNECTIONS || 10);
const seconds = Number(process.env.BENCH_SECONDS || 10);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS || 2);

/** Loads `url` and reads the CPU time process `pid` spent meanwhile, per request. */
async function measure(
  url: string,
  pid: number,
  headers?: Record<string, string>,
  then?: string,
): Promise<LoadResult & { cpuMsPerReq: number | null }> {
  if (warmupSeconds > 0) await load(url, { connections, seconds: warmupSeconds, headers, then });
  const before = cpuTimeMs(pid);
  const r = await load(url, { connections, seconds, headers, then });
  const after = cpuTimeMs(pid);
  const cpuMsPerReq = before !== null && after !== null && r.requests > 0 ? (after - before) / r.requests : null;
  return { ...r, cpuMsPerReq };
}

async function main() {
  const loadBefore = os.loadavg();
  ensureBuild({ skip: process.env.BENCH_SKIP_BUILD === "1" });
  // The dashboard needs data at scale: it runs on a server and database of its own.
  const insightsRows: Row[] = [];
  if (!only || only.has("insights")) {
    const r = await benchInsights();
    console.error(
      `[bench] insights: p50 ${r.row.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.row.p99.toFixed(1)} ms (data generated in ${r.generateSeconds.toFixed(1)} s)`,
    );
    insightsRows.push(r.row);
    if (only && only.size === 1) {
      console.log(`\n${table(insightsRows)}\n`);
      return;
    }
  }

  const dataDir = makeDataDir("bee-bench-");
  const port = await freePort();
  // BENCH_PAGE_CACHE_SECONDS=0 measures every request running loaders and React
  // (what signed-in members get); the default is the server's own setting.
  const pageCache = process.env.BENCH_PAGE_CACHE_SECONDS ?? "5";
  const env = serverEnv({
    dataDir,
    port,
    logLevel: "warn",
    // Rate limits off: every request of the load comes from one address, so the search
    // cases would measure 429s (the limit's own cost is one small SQLite write).
    extra: { JOBS_IN_PROCESS: "true", PAGE_CACHE_SECONDS: pageCache, RATE_LIMITS: "false" },
  });
  console.error("[bench] preparing a database with the demo data…");
  prepare(env);
  if (!only || only.has("case-long")) {
    console.error("[bench] creating the long case (~3,000 characters, 5 metrics)…");
    seeded.longCase = createLongCase(env);
  }
  if (!only || [...only].some((name) => name.startsWith("thread-200") || name.endsWith("-member"))) {
    console.error("[bench] creating a case with 200 comments…");
    seeded.thread = createThreadCase(env);
  }
  const server = startServer(env, "inherit");
  const origin = `http://127.0.0.1:${port}`;
  const stopServer = () => {
    if (server.exitCode === null) server.kill("SIGTERM");
  };
  process.on("exit", stopServer);
  process.on("SIGINT", () => process.exit(130));

  try {
    await waitForHttp(`${origin}/favicon.svg`);
    const rss = watchPeakRss(server.pid!);

    const rows: Row[] = [];
    const skipped: Array<{ name: string; reason: string }> = [];
    let homeHtml: Buffer | null = null;

    for (const c of cases) {
      if (only && !only.has(c.name)) continue;
      const resolved = await c.resolve(origin);
      if (typeof resolved !== "string") {
        skipped.push({ name: c.name, reason: resolved.skip });
        console.error(`[bench] skip ${c.name}: ${resolved.skip}`);
        continue;
      }
      const url = `${origin}${resolved}`;
      const headers = c.headers?.();
      const probe = await fetch(url, { headers });
      const body = Buffer.from(await probe.arrayBuffer());
      if (probe.status !== 200) {
        skipped.push({ name: c.name, reason: `${resolved} answered ${probe.status}` });
        continue;
      }
      if (c.name === "home") homeHtml = body;
      console.error(`[bench] ${c.name}: ${resolved} (${body.length} bytes)…`);
      const r = await measure(url, server.pid!, headers, c.then?.());
      rows.push({ name: c.name, path: resolved, note: c.note, bytes: body.length, ...r, ratio: null });
    }

    // The ceiling: the same bytes from a bare node:http server, measured in this run.
    if (!homeHtml) homeHtml = Buffer.from(await (await fetch(`${origin}/`)).arrayBuffer());
    const bare = await bareServer(homeHtml);
    console.error(`[bench] bare node:http (${homeHtml.length} bytes)…`);
    const b = await measure(bare.url, bare.pid);
    await bare.close();
    for (const r of rows) r.ratio = r.reqPerSec / b.reqPerSec;
    rows.push(...insightsRows);
    rows.push({ name: "bare node:http", path: "/", note: "static buffer", bytes: homeHtml.length, ...b, ratio: 1 });

    const peak = rss.stop();
    const info = {
      command: `${pageCache !== "5" ? `BENCH_PAGE_CACHE_SECONDS=${pageCache} ` : ""}npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`,
      date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      connections,
      seconds,
      peakRssMiB: peak || null,
      loadBefore,
      skipped,
    };
    console.log(`\n${table(rows)}\n\napp peak RSS: ${peak ? `${peak.toFixed(0)} MiB` : "n/a"}\n`);
    if (write) {
      const doc = path.join(ROOT, "docs/benchmarks.md");
      writeDoc(doc, section(rows, info));
      console.error(`[bench] wrote ${path.relative(ROOT, doc)}`);
    }
  } finally {
    stopServer();
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
