// `npm run bench:memory`: a server's resident memory from start to steady load, for builds
// and start settings side by side in the same minutes (issue 15.4/15.5, ADR 058). Each
// variant is a build directory and an environment (node flags through NODE_OPTIONS or NODE_ARGS,
// MALLOC_ARENA_MAX, …); the variants run one after another on one prepared database:
// spawn to the first 200 of / (the cold start), RSS then, 3 s and (with --idle) 30 s
// later, then --passes passes over the per-page table's pages (reader and member, the
// page caches on) with RSS and CPU ms per request after each pass.
//
//   BENCH_SKIP_BUILD=1 npm run bench:memory -- --passes 3 \
//     --variant "before:/tmp/old-build" --variant "after:build" \
//     --variant "after, arena 2:build MALLOC_ARENA_MAX=2" --variant "after, semi 8:build NODE_ARGS=--max-semi-space-size=8%20--heap-growing-percent=30"
//
// A variant is `label:<build dir> [NAME=value …]`; a build dir other than ./build runs from a
// directory of its own with a copy of it (the server finds build/ from its working directory).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild, freePort, makeDataDir, prepare, ROOT, serverEnv, waitForHttp } from "../e2e/lib/app-server.ts";
import { matrixMember, matrixPages, seeded } from "./lib/cases.ts";
import { createThreadCase } from "./lib/thread.ts";
import { cpuTimeMs, load, rssMiB, watchPeakRss } from "./lib/measure.ts";

const args = process.argv.slice(2);
const passes = Math.max(1, Number(args[args.indexOf("--passes") + 1]) || 3);
const idle30 = args.includes("--idle");
// --starts N: before the load, N cold starts of each variant, alternating (spawn to the first 200, median).
const starts = args.includes("--starts") ? Math.max(0, Number(args[args.indexOf("--starts") + 1]) || 0) : 0;
// --no-load: the cold starts only.
const noLoad = args.includes("--no-load");
// --db-per-variant: each variant on its own copy of the prepared database, indexed by its own first
// start — for builds whose search index differs (another segmenter, ADR 078: a build that finds an
// index written by another drops it, and every later variant would search an empty index).
const dbPerVariant = args.includes("--db-per-variant");
const seconds = Number(process.env.BENCH_SECONDS || 3);
const connections = Number(process.env.BENCH_CONNECTIONS || 10);

interface Variant {
  label: string;
  root: string;
  env: Record<string, string>;
  /** Node flags on the command line (NODE_ARGS=…): V8 refuses some in NODE_OPTIONS (--heap-growing-percent). */
  nodeArgs: string[];
}

function variants(): Variant[] {
  const list: Variant[] = [];
  args.forEach((a, i) => {
    if (a !== "--variant") return;
    const spec = args[i + 1]!;
    const eq = spec.indexOf(":");
    const [dir, ...settings] = spec
      .slice(eq + 1)
      .trim()
      .split(/\s+/);
    // Values are URI-encoded where they hold spaces (NODE_OPTIONS=--a%20--b).
    const env = Object.fromEntries(
      settings.map((s) => [s.slice(0, s.indexOf("=")), decodeURIComponent(s.slice(s.indexOf("=") + 1))]),
    );
    const { NODE_ARGS: nodeArgs = "", ...rest } = env;
    list.push({
      label: spec.slice(0, eq),
      root: rootFor(path.resolve(ROOT, dir!)),
      env: rest,
      nodeArgs: nodeArgs.split(" ").filter(Boolean),
    });
  });
  return list.length ? list : [{ label: "build", root: ROOT, env: {}, nodeArgs: [] }];
}

/** A working directory whose build/ is a copy of `buildDir` (the rest linked from ROOT). */
function rootFor(buildDir: string): string {
  if (buildDir === path.join(ROOT, "build")) return ROOT;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-bench-root-"));
  // A copy, not a link: node resolves a module's packages from its real path.
  fs.cpSync(buildDir, path.join(dir, "build"), { recursive: true });
  // Everything else (node_modules, prisma/migrations, public, …) as in ROOT.
  for (const entry of fs.readdirSync(ROOT)) {
    if (entry !== "build") fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
  }
  return dir;
}

/** A copy of a prepared data directory (no server has it open). */
function copyDir(from: string, to: string): string {
  fs.cpSync(from, to, { recursive: true });
  return to;
}

/** GET / until it answers 200, each try on a new connection. */
async function firstOk(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { headers: { connection: "close" } });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no 200 from ${url}`);
}

/** What the RSS is made of: V8's heap (committed, used), memory outside it, the node binary's pages. */
async function breakdown(origin: string, pid: number): Promise<string> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name} ([0-9.e+]+)`, "m").exec(text)?.[1] ?? NaN) / 2 ** 20;
  let binary = 0;
  let block = "";
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) block = line;
    else if (line.startsWith("Rss:") && / \/[^ ]*\/node$/.test(block)) binary += Number(line.split(/\s+/)[1]) / 1024;
  }
  // Anonymous memory (heap, malloc, wasm, native dictionaries) against file pages (binary, libraries).
  const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const anon = Number(/^Anonymous:\s+(\d+)/m.exec(rollup)?.[1] ?? NaN) / 1024;
  // Seconds of garbage collection since the start, by kind (prom-client's histogram sums).
  const gc = [...text.matchAll(/^nodejs_gc_duration_seconds_sum\{kind="(\w+)"\} ([0-9.e+-]+)/gm)]
    .map(([, kind, sec]) => `${kind} ${Number(sec).toFixed(1)}`)
    .join(", ");
  return `heap ${fmt(metric("nodejs_heap_size_total_bytes"))} committed / ${fmt(metric("nodejs_heap_size_used_bytes"))} used, external ${fmt(metric("nodejs_external_memory_bytes"))}, anonymous ${fmt(anon)}, node binary ${fmt(binary)}; GC s: ${gc}`;
}

const fmt = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? "—" : n.toFixed(digits));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  ensureBuild({ skip: process.env.BENCH_SKIP_BUILD === "1" });
  const dataDir = makeDataDir("bee-bench-mem-");
  const rows: string[] = [];
  try {
    const prepEnv = serverEnv({ dataDir, port: await freePort() });
    prepare(prepEnv);
    seeded.thread = createThreadCase(prepEnv);
    const list = variants();
    const dirs = new Map<Variant, string>(
      list.map((v, i) => [v, dbPerVariant ? copyDir(dataDir, `${dataDir}-${i}`) : dataDir] as const),
    );
    // One start before any is measured: the first start on a new database indexes what the seeds and the
    // thread wrote (the outbox drains, jieba loads) — seconds of work and ~150 MiB that no later start has.
    for (const first of dbPerVariant ? list : list.slice(0, 1)) {
      const port = await freePort();
      const child = spawn(process.execPath, [...first.nodeArgs, "build/start/index.js", "--prepare"], {
        cwd: first.root,
        env: { ...serverEnv({ dataDir: dirs.get(first)!, port, logLevel: "warn" }), ...first.env },
        stdio: ["ignore", "ignore", "inherit"],
      });
      try {
        await firstOk(`http://127.0.0.1:${port}/`, Date.now() + 60_000);
        await sleep(15_000);
      } finally {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
    }
    const coldStarts = new Map<string, number[]>(list.map((v) => [v.label, []]));
    for (let round = 0; round < starts; round++) {
      for (const v of list) {
        const port = await freePort();
        const child = spawn(process.execPath, [...v.nodeArgs, "build/start/index.js", "--prepare"], {
          cwd: v.root,
          env: { ...serverEnv({ dataDir: dirs.get(v)!, port, logLevel: "warn" }), ...v.env },
          stdio: ["ignore", "ignore", "inherit"],
        });
        const t0 = performance.now();
        try {
          await firstOk(`http://127.0.0.1:${port}/`, Date.now() + 60_000);
          coldStarts.get(v.label)!.push(performance.now() - t0);
        } finally {
          const exited = new Promise((r) => child.once("exit", r));
          child.kill("SIGTERM");
          await exited;
        }
      }
    }
    for (const [label, times] of coldStarts) {
      if (!times.length) continue;
      const sorted = [...times].sort((a, b) => a - b);
      console.log(
        `cold start, ${label}: ${times.map((t) => t.toFixed(0)).join(", ")} ms (median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)})`,
      );
    }
    for (const v of noLoad ? [] : list) {
      const port = await freePort();
      const env = {
        ...serverEnv({ dataDir: dirs.get(v)!, port, logLevel: "warn", extra: { RATE_LIMITS: "false" } }),
        ...v.env,
      };
      const origin = `http://127.0.0.1:${port}`;
      const started = performance.now();
      const child = spawn(process.execPath, [...v.nodeArgs, "build/start/index.js", "--prepare"], {
        cwd: v.root,
        env,
        stdio: ["ignore", "ignore", "inherit"],
      });
      const pid = child.pid!;
      try {
        const exited = new Promise<never>((_, reject) =>
          child.once("exit", (code) => reject(new Error(`${v.label}: the server exited (${code})`))),
        );
        exited.catch(() => {});
        await Promise.race([firstOk(`${origin}/`, Date.now() + 60_000), exited]);
        const coldMs = performance.now() - started;
        const atFirst = rssMiB(pid);
        await sleep(3000);
        const after3s = rssMiB(pid);
        let after30s: number | null = null;
        if (idle30) {
          await sleep(27_000);
          after30s = rssMiB(pid);
        }
        await waitForHttp(`${origin}/favicon.svg`);
        const peak = watchPeakRss(pid);
        const perPass: string[] = [];
        // The RSS sampled every 250 ms during each pass, as its median: the sample at a pass's end
        // falls anywhere in V8's cycle between full GCs, which moves it by ±40 MiB from run to run.
        const medianPerPass: string[] = [];
        const cpuPerPass: string[] = [];
        const pageCpu: Record<string, number> = {};
        for (let pass = 1; pass <= passes; pass++) {
          let requests = 0;
          const cpu0 = cpuTimeMs(pid)!;
          const samples: number[] = [];
          const sampler = setInterval(() => {
            const v = rssMiB(pid);
            if (v !== null) samples.push(v);
          }, 250);
          for (const page of matrixPages) {
            const resolved = await page.resolve(origin);
            if (typeof resolved !== "string") continue;
            for (const who of ["reader", "member"] as const) {
              const c0 = cpuTimeMs(pid)!;
              const r = await load(`${origin}${resolved}`, {
                connections,
                seconds,
                headers: who === "member" ? matrixMember() : undefined,
              });
              requests += r.requests;
              if (pass === passes && r.requests > 0)
                pageCpu[`${page.name} ${who}`] = (cpuTimeMs(pid)! - c0) / r.requests;
            }
          }
          clearInterval(sampler);
          samples.sort((a, b) => a - b);
          medianPerPass.push(fmt(samples[Math.floor(samples.length / 2)]));
          perPass.push(fmt(rssMiB(pid)));
          cpuPerPass.push(fmt((cpuTimeMs(pid)! - cpu0) / Math.max(1, requests), 2));
        }
        const peakMiB = peak.stop();
        const parts = await breakdown(origin, pid).catch((e: unknown) => `(no breakdown: ${String(e)})`);
        const pages = ["home reader", "case member", "thread-200 member", "search reader"]
          .map((k) => `${k} ${fmt(pageCpu[k], 2)}`)
          .join(", ");
        rows.push(
          `| ${v.label} | ${fmt(coldMs)} | ${fmt(atFirst)} | ${fmt(after3s)} | ${fmt(after30s)} | ${perPass.join(" → ")} | ${medianPerPass.join(" → ")} | ${fmt(peakMiB)} | ${cpuPerPass.join(" / ")} | ${pages} | ${parts} |`,
        );
        console.error(`[bench:memory] ${rows.at(-1)}`);
      } finally {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
    }
    for (const v of list) if (v.root !== ROOT) fs.rmSync(v.root, { recursive: true, force: true });
    for (const dir of new Set(dirs.values())) fs.rmSync(dir, { recursive: true, force: true });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    `\n| variant | first 200 ms | RSS at first 200 | +3 s | +30 s | RSS after each pass | median RSS during each pass | peak | CPU ms/req per pass | CPU ms/req, last pass | after the passes (MiB) |\n|---|---:|---:|---:|---:|---|---|---:|---|---|---|\n${rows.join("\n")}\n\nload ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}, ${passes} passes of ${seconds} s per page and visitor, ${connections} connections`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
