// `npm run bench`: page throughput of the production server against a bare
// node:http server on the same machine, in one run. See docs/benchmarks.md.
//
//   npm run bench                          build, run every case, rewrite docs/benchmarks.md
//   BENCH_SKIP_BUILD=1 npm run bench       use the existing build/
//   npm run bench -- --only home,base      some pages or cases only
//   npm run bench -- --modes uncached      the per-page table with the page caches off only
//   npm run bench -- --passes 3            each server runs the table three times (does RSS keep growing?)
//   npm run bench -- --rounds 3            each row measured three times, rounds alternating over the rows;
//                                          the table shows the median round's numbers and the CPU range
//   npm run bench -- --no-write            print the table, leave the docs alone
//   BENCH_CONNECTIONS=10 BENCH_SECONDS=10  load settings (these are the defaults; BENCH_WARMUP_SECONDS=2
//                                          before each row, BENCH_FIRST_WARMUP_SECONDS=10 per page and viewer first)
//   npm run bench -- --only insights       the dashboard at scale, on a server of its own (lib/insights.ts)
//   npm run bench -- --only fanout         other readers' p99 while comments fan out to 2,000 followers (lib/fanout.ts)
//   npm run bench -- --db postgres --nodes 2   pages and writes on 2 nodes sharing a throwaway PostgreSQL
//                                          beside 1 node on SQLite, same run; prints a table (lib/multi-node.ts);
//                                          with --only home,comment,vote some rows only (pages by name, writes by kind)
import type { ChildProcess } from "node:child_process";
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
import { cases, matrixMember, matrixPages, seeded } from "./lib/cases.ts";
import { createLongCase } from "./lib/long-case.ts";
import { createThreadCase } from "./lib/thread.ts";
import { bareServer, cpuTimeMs, load, rssMiB, watchPeakRss, type LoadResult } from "./lib/measure.ts";
import { matrixTable, medianRound, section, table, writeDoc, type Row } from "./lib/report.ts";
import { benchInsights } from "./lib/insights.ts";
import { benchFanout } from "./lib/fanout.ts";

const args = process.argv.slice(2);
const only = (() => {
  const i = args.indexOf("--only");
  return i >= 0 ? new Set((args[i + 1] ?? "").split(",").filter(Boolean)) : null;
})();
const write = !args.includes("--no-write");
const connections = Number(process.env.BENCH_CONNECTIONS || 10);
const seconds = Number(process.env.BENCH_SECONDS || 10);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS || 2);
// V8 keeps optimizing new functions for ~20 s (~5,000 requests) of load on one page: traced with
// --trace-opt on home, 369, 249, 109, 27, 11 … 0 functions per 5 s. Rows measured before that read
// the JIT's work as the page's (V8's compiler threads were 11.5 % of the process's CPU 10–16 s
// into a load). The first round over every page and viewer lasts this long, so the rows meet a
// warm process, as a server that has been up a while is.
const firstWarmupSeconds = Number(process.env.BENCH_FIRST_WARMUP_SECONDS || 10);

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
  if (args.includes("--db") && args[args.indexOf("--db") + 1] === "postgres") {
    const { benchMultiNode } = await import("./lib/multi-node.ts");
    const nodes = Math.max(1, Number(args[args.indexOf("--nodes") + 1]) || 2);
    await benchMultiNode({ nodes: args.includes("--nodes") ? nodes : 2, connections, seconds, only });
    return;
  }
  // The dashboard needs data at scale: it runs on a server and database of its own.
  const insightsRows: Row[] = [];
  if (!only || only.has("insights")) {
    const r = await benchInsights();
    console.error(
      `[bench] insights: p50 ${r.row.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.row.p99.toFixed(1)} ms (data generated in ${r.generateSeconds.toFixed(1)} s)`,
    );
    insightsRows.push(r.row);
  }
  // Other readers while comments fan out to 2,000 followers (issue 10.9): also a server of its own.
  if (!only || only.has("fanout")) {
    const r = await benchFanout({ connections, seconds });
    console.error(`[bench] fanout: ${r.row.note}`);
    insightsRows.push(r.row);
  }
  if (only && [...only].every((name) => name === "insights" || name === "fanout")) {
    console.log(`\n${table(insightsRows)}\n`);
    return;
  }

  const dataDir = makeDataDir("bee-bench-");
  // BENCH_PAGE_CACHE_SECONDS=0 measures every case (other than the per-page table, which
  // runs both ways) with every request running loaders and React.
  const pageCache = process.env.BENCH_PAGE_CACHE_SECONDS ?? "5";
  // --passes N: the per-page table N times on each server (RSS noted after each; the table shows the last).
  const passes = Math.max(1, Number(args[args.indexOf("--passes") + 1]) || 1);
  // --rounds N: every row N times, one sweep over all rows per round, so a burst of other work on this
  // shared machine falls on one round of many rows rather than on all rounds of one row.
  const rounds = args.includes("--rounds") ? Math.max(1, Number(args[args.indexOf("--rounds") + 1]) || 1) : 1;
  const modes = (() => {
    const i = args.indexOf("--modes");
    return i >= 0 ? (args[i + 1] ?? "").split(",") : ["cached", "uncached"];
  })();
  const baseEnv = (port: number, cacheSeconds: string) =>
    serverEnv({
      dataDir,
      port,
      logLevel: "warn",
      // Rate limits off: at 10 connections the search limits answer 429s, which are not the page.
      extra: { JOBS_IN_PROCESS: "true", PAGE_CACHE_SECONDS: cacheSeconds, RATE_LIMITS: "false" },
    });
  const prepEnv = baseEnv(await freePort(), pageCache);
  console.error("[bench] preparing a database with the demo data…");
  prepare(prepEnv);
  if (!only || only.has("case-long")) {
    console.error("[bench] creating the long case (~3,000 characters, 5 metrics)…");
    seeded.longCase = createLongCase(prepEnv);
  }
  console.error("[bench] creating a case with 200 comments…");
  seeded.thread = createThreadCase(prepEnv);

  let server: ChildProcess | null = null;
  const stopServer = async () => {
    const s = server;
    server = null;
    if (!s || s.exitCode !== null) return;
    const exited = new Promise((r) => s.once("exit", r));
    s.kill("SIGTERM");
    await exited;
  };
  process.on("exit", () => {
    if (server && server.exitCode === null) server.kill("SIGTERM");
  });
  process.on("SIGINT", () => process.exit(130));
  const start = async (cacheSeconds: string) => {
    const port = await freePort();
    const started = performance.now();
    server = startServer(baseEnv(port, cacheSeconds), "inherit");
    server.once("exit", (code, signal) => console.error(`[bench] server exited: ${code ?? signal}`));
    const origin = `http://127.0.0.1:${port}`;
    await waitForHttp(`${origin}/favicon.svg`);
    return { origin, pid: server.pid!, startMs: performance.now() - started };
  };

  const rssNotes: string[] = [];
  let peak = 0;
  try {
    const matrix: Row[] = [];
    const rows: Row[] = [];
    const skipped: Array<{ name: string; reason: string }> = [];
    let homeHtml: Buffer | null = null;

    for (const mode of modes) {
      const cacheSeconds = mode === "uncached" ? "0" : pageCache === "0" ? "5" : pageCache;
      const { origin, pid, startMs } = await start(cacheSeconds);
      await new Promise((r) => setTimeout(r, 2500)); // the search warm-up starts 2 s after listening
      rssNotes.push(
        `${mode} server: ${fmtMiB(rssMiB(pid))} idle after start (${startMs.toFixed(0)} ms to the first answer)`,
      );
      const rss = watchPeakRss(pid);
      // A fresh server's first thousands of renders of a page cost more than later ones (the JIT
      // compiles the shell, React and the loaders as they run): the first rows of the table were
      // measured on a cold process and read high. One unmeasured round over every page and viewer
      // first (firstWarmupSeconds each), so every row meets a steady server.
      if (firstWarmupSeconds > 0) {
        for (const page of matrixPages) {
          if (only && !only.has(page.name)) continue;
          const resolved = await page.resolve(origin);
          if (typeof resolved !== "string") continue;
          for (const who of ["reader", "member"] as const) {
            await load(`${origin}${resolved}`, {
              connections,
              seconds: firstWarmupSeconds,
              headers: who === "member" ? matrixMember() : undefined,
            });
          }
        }
      }
      for (let pass = 1; pass <= passes; pass++) {
        const measured = new Map<string, Row[]>();
        for (let round = 1; round <= rounds; round++) {
          for (const page of matrixPages) {
            if (only && !only.has(page.name)) continue;
            const resolved = await page.resolve(origin);
            if (typeof resolved !== "string") {
              skipped.push({ name: page.name, reason: resolved.skip });
              continue;
            }
            for (const who of ["reader", "member"] as const) {
              const headers = who === "member" ? matrixMember() : undefined;
              const url = `${origin}${resolved}`;
              const probe = await fetchRetrying(url, headers);
              const body = Buffer.from(await probe.arrayBuffer());
              if (probe.status !== 200) {
                skipped.push({ name: `${page.name} ${who} ${mode}`, reason: `${resolved} answered ${probe.status}` });
                continue;
              }
              if (page.name === "home" && who === "reader") homeHtml = body;
              console.error(`[bench] ${mode} ${page.name} ${who}: ${resolved} (${body.length} bytes)…`);
              const r = await measure(url, pid, headers);
              console.error(
                `[bench] pass ${pass}${rounds > 1 ? ` round ${round}` : ""} ${mode} ${page.name} ${who}: ${r.cpuMsPerReq?.toFixed(2) ?? "?"} ms CPU/req, ${r.reqPerSec.toFixed(0)} req/s`,
              );
              if (pass < passes) continue; // earlier passes only show whether memory keeps growing
              const key = `${page.name}\u0000${who}`;
              if (!measured.has(key)) measured.set(key, []);
              measured.get(key)!.push({
                name: page.name,
                who,
                cache: mode,
                path: resolved,
                note: page.note,
                bytes: body.length,
                ...r,
                ratio: null,
                rssMiB: rssMiB(pid),
              });
            }
          }
        }
        for (const results of measured.values()) matrix.push(medianRound(results));
        if (passes > 1) rssNotes.push(`${mode} server: ${fmtMiB(rssMiB(pid))} after pass ${pass} of ${passes}`);
      }
      // The other cases, with the page caches as BENCH_PAGE_CACHE_SECONDS says (default on).
      if (mode === (pageCache === "0" ? "uncached" : "cached")) {
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
          const probe = await fetchRetrying(url, headers);
          const body = Buffer.from(await probe.arrayBuffer());
          if (probe.status !== 200) {
            skipped.push({ name: c.name, reason: `${resolved} answered ${probe.status}` });
            continue;
          }
          console.error(`[bench] ${c.name}: ${resolved} (${body.length} bytes)…`);
          const r = await measure(url, pid, headers, c.then?.());
          rows.push({
            name: c.name,
            path: resolved,
            note: c.note,
            bytes: body.length,
            ...r,
            ratio: null,
            rssMiB: rssMiB(pid),
          });
        }
      }
      peak = Math.max(peak, rss.stop());
      rssNotes.push(`${mode} server: ${fmtMiB(rssMiB(pid))} after its pass, peak ${fmtMiB(peak)}`);
      if (!homeHtml) homeHtml = Buffer.from(await (await fetch(`${origin}/`)).arrayBuffer());
      await stopServer();
    }

    // The ceiling: the same bytes from a bare node:http server, measured in this run.
    const bare = await bareServer(homeHtml ?? Buffer.from("<!doctype html><p>bench</p>"));
    console.error(`[bench] bare node:http (${homeHtml?.length ?? 0} bytes)…`);
    const b = await measure(bare.url, bare.pid);
    await bare.close();
    for (const r of [...matrix, ...rows]) r.ratio = r.reqPerSec / b.reqPerSec;
    rows.push(...insightsRows);
    rows.push({
      name: "bare node:http",
      path: "/",
      note: "static buffer",
      bytes: homeHtml?.length ?? 0,
      ...b,
      ratio: 1,
    });

    const info = {
      command: `${pageCache !== "5" ? `BENCH_PAGE_CACHE_SECONDS=${pageCache} ` : ""}npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`,
      date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      connections,
      seconds,
      firstWarmupSeconds,
      peakRssMiB: peak || null,
      loadBefore,
      loadAfter: os.loadavg(),
      rssNotes,
      matrix,
      skipped,
    };
    console.log(
      `\n${matrixTable(matrix)}\n\n${table(rows)}\n\n${rssNotes.join("\n")}\napp peak RSS: ${peak ? `${peak.toFixed(0)} MiB` : "n/a"}\n`,
    );
    if (write) {
      const doc = path.join(ROOT, "docs/benchmarks.md");
      writeDoc(doc, section(rows, info));
      console.error(`[bench] wrote ${path.relative(ROOT, doc)}`);
    }
  } finally {
    await stopServer();
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One GET; tried again once when a kept-alive connection was reset under it (seen on a busy machine). */
async function fetchRetrying(url: string, headers?: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { headers });
  } catch {
    await new Promise((r) => setTimeout(r, 500));
    return fetch(url, { headers });
  }
}

const fmtMiB = (v: number | null) => (v === null ? "n/a" : `${v.toFixed(0)} MiB`);

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
