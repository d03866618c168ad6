// `npm run bench:resident`: what a server's resident memory is made of (issue 15.4, ADR 062).
// Starts the built server as `npm run serve` does (SERVE_NODE_FLAGS, SERVE_ENV), or with the
// flags given after `--`, on a prepared database; reads /proc/PID/smaps at idle (+3 s), after
// one pass of the per-page table's pages under load (reader and member, page caches on), and
// after a heap snapshot (which collects all garbage first, so it shows the live heap). The
// snapshot is summed by kind and by constructor, and its largest strings are named.
//
//   BENCH_SKIP_BUILD=1 npm run bench:resident [-- --max-semi-space-size=16 --max-old-space-size=1024]
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  ensureBuild,
  freePort,
  makeDataDir,
  prepare,
  ROOT,
  SERVE_ENV,
  SERVE_NODE_FLAGS,
  serverEnv,
  waitForHttp,
} from "../e2e/lib/app-server.ts";
import { matrixMember, matrixPages, seeded } from "./lib/cases.ts";
import { createThreadCase } from "./lib/thread.ts";
import { load, rssMiB } from "./lib/measure.ts";

const dash = process.argv.indexOf("--");
const nodeFlags = dash >= 0 ? process.argv.slice(dash + 1) : [...SERVE_NODE_FLAGS];
const seconds = Number(process.env.BENCH_SECONDS || 2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (kb: number) => (kb / 1024).toFixed(1);

/** Resident kB per kind of mapping: the node binary, other files, the brk heap, anonymous mappings by size. */
function smapsSummary(pid: number): string {
  const parts = new Map<string, number>();
  const native = new Map<string, number>();
  let head = "";
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) {
      head = line;
      continue;
    }
    if (!line.startsWith("Rss:")) continue;
    const kb = Number(line.split(/\s+/)[1]);
    if (!kb) continue;
    const [range, , , , , ...rest] = head.split(/\s+/);
    const name = rest.join(" ");
    const [from, to] = range!.split("-").map((h) => parseInt(h, 16));
    const size = (to! - from!) / 1024;
    let kind: string;
    if (/\/node$/.test(name)) kind = "node binary";
    else if (name.endsWith(".node")) {
      kind = "native modules (.node)";
      const mod = /node_modules\/(@[^/]+\/[^/]+|[^/]+)/.exec(name)?.[1] ?? path.basename(name);
      native.set(mod, (native.get(mod) ?? 0) + kb);
    } else if (name.startsWith("/")) kind = "other files (libc, ICU, …)";
    else if (name === "[heap]") kind = "brk heap (malloc main arena)";
    else if (name.startsWith("[")) kind = name;
    // V8 reserves its heap in 256 KiB pages (and a 4 GiB+ cage for wasm memories); malloc's
    // other arenas are 64 MiB reservations; anything else is an mmap of its own.
    // A 1 GiB arena that mimalloc reserves and commits as it goes: @node-rs/jieba's allocator, which
    // holds its dictionary (~30 MiB after Jieba.withDict). Not a wasm memory: the accessible part of
    // one (Prisma's compiler) is a mapping of its current size, counted under "anonymous, other".
    else if (size >= 1024 * 1024) kind = "anonymous, ≥1 GiB arena (mimalloc: jieba's dictionary)";
    else if (size === 65536 || size === 65532) kind = "anonymous, 64 MiB (malloc arena)";
    else if (size <= 256) kind = "anonymous, ≤256 KiB (V8 pages, small mmaps)";
    else kind = "anonymous, other (large objects, big mallocs)";
    parts.set(kind, (parts.get(kind) ?? 0) + kb);
  }
  const total = [...parts.values()].reduce((a, b) => a + b, 0);
  const rows = [...parts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, kb]) => `  ${k.padEnd(46)} ${mib(kb).padStart(7)} MiB`)
    .join("\n");
  const mods = [...native].map(([m, kb]) => `${m} ${mib(kb)}`).join(", ");
  return `${rows}\n  ${"total".padEnd(46)} ${mib(total).padStart(7)} MiB\n  native modules: ${mods || "none"}`;
}

async function metrics(origin: string): Promise<string> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const m = (name: string) => Number(new RegExp(`^${name} ([0-9.e+]+)`, "m").exec(text)?.[1] ?? NaN) / 2 ** 20;
  const spaces = [...text.matchAll(/^nodejs_heap_space_size_used_bytes\{space="(\w+)"\} ([0-9.e+]+)/gm)]
    .map(([, s, v]) => `${s} ${(Number(v) / 2 ** 20).toFixed(1)}`)
    .join(", ");
  return `  V8 heap committed ${m("nodejs_heap_size_total_bytes").toFixed(1)} MiB, used ${m("nodejs_heap_size_used_bytes").toFixed(1)} (${spaces}), external ${m("nodejs_external_memory_bytes").toFixed(1)}`;
}

/** A heap snapshot summed: self size by node type, by constructor, and the largest strings. */
function snapshotSummary(file: string): string {
  const snap = JSON.parse(fs.readFileSync(file, "utf8")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const n = fields.length;
  const [iType, iName, iSize] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const byType = new Map<string, number>();
  const byCtor = new Map<string, [number, number]>();
  const big: [number, string][] = [];
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += n) {
    const type = types[snap.nodes[i + iType!]!]!;
    const name = snap.strings[snap.nodes[i + iName!]!]!;
    const size = snap.nodes[i + iSize!]!;
    total += size;
    byType.set(type, (byType.get(type) ?? 0) + size);
    if (type === "object" || type === "closure" || type === "array" || type === "native" || type === "code") {
      const key = `${type}: ${name.slice(0, 60)}`;
      const e = byCtor.get(key) ?? [0, 0];
      byCtor.set(key, [e[0] + size, e[1] + 1]);
    }
    if (type === "string" || type === "concatenated string" || type === "sliced string") {
      if (size > 256 * 1024) big.push([size, name.slice(0, 70).replace(/\s+/g, " ")]);
    }
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `  ${k.padEnd(24)} ${(v / 2 ** 20).toFixed(1).padStart(7)} MiB`)
      .join("\n");
  const ctors = [...byCtor]
    .sort((a, b) => b[1][0] - a[1][0])
    .slice(0, 25)
    .map(([k, [v, c]]) => `  ${k.padEnd(64)} ${(v / 2 ** 20).toFixed(2).padStart(7)} MiB  ×${c}`)
    .join("\n");
  const strings = big
    .sort((a, b) => b[0] - a[0])
    .slice(0, 12)
    .map(([s, t]) => `  ${(s / 2 ** 20).toFixed(2).padStart(6)} MiB  ${JSON.stringify(t)}`)
    .join("\n");
  return `live heap (snapshot, after a full GC): ${(total / 2 ** 20).toFixed(1)} MiB\nby kind:\n${top(byType)}\nlargest by constructor/name:\n${ctors}\nstrings over 256 KiB:\n${strings}`;
}

async function main() {
  ensureBuild({ skip: process.env.BENCH_SKIP_BUILD === "1" });
  const dataDir = makeDataDir("bee-bench-res-");
  const snapDir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-snap-"));
  try {
    const port = await freePort();
    const env = {
      ...serverEnv({ dataDir, port, logLevel: "warn", extra: { RATE_LIMITS: "false" } }),
      ...SERVE_ENV,
    };
    prepare(env);
    seeded.thread = createThreadCase(env);
    // One start to settle the new database (the first start indexes what the seeds wrote).
    const settle = spawn(process.execPath, ["build/start/index.js", "--prepare"], { cwd: ROOT, env, stdio: "ignore" });
    await waitForHttp(`http://127.0.0.1:${port}/favicon.svg`);
    await sleep(15_000);
    await new Promise((r) => (settle.once("exit", r), settle.kill("SIGTERM")));

    const child = spawn(
      process.execPath,
      [
        ...nodeFlags,
        "--heapsnapshot-signal=SIGUSR2",
        `--diagnostic-dir=${snapDir}`,
        "build/start/index.js",
        "--prepare",
      ],
      { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] },
    );
    const pid = child.pid!;
    const origin = `http://127.0.0.1:${port}`;
    try {
      await waitForHttp(`${origin}/`);
      await sleep(3000);
      console.log(
        `node ${nodeFlags.join(" ")} (${Object.entries(SERVE_ENV)
          .map(([k, v]) => `${k}=${v}`)
          .join(" ")})`,
      );
      console.log(
        `\n## idle, +3 s after the first 200: RSS ${rssMiB(pid)?.toFixed(0)} MiB\n${smapsSummary(pid)}\n${await metrics(origin)}`,
      );
      for (const page of matrixPages) {
        const resolved = await page.resolve(origin);
        if (typeof resolved !== "string") continue;
        for (const who of ["reader", "member"] as const)
          await load(`${origin}${resolved}`, {
            connections: 10,
            seconds,
            headers: who === "member" ? matrixMember() : undefined,
          });
      }
      console.log(
        `\n## after one pass under load: RSS ${rssMiB(pid)?.toFixed(0)} MiB\n${smapsSummary(pid)}\n${await metrics(origin)}`,
      );
      child.kill("SIGUSR2");
      let file: string | undefined;
      for (let i = 0; i < 600 && !file; i++) {
        await sleep(200);
        const found = fs.readdirSync(snapDir).find((f) => f.endsWith(".heapsnapshot"));
        // Written when its size stops changing.
        if (found) {
          const s1 = fs.statSync(path.join(snapDir, found)).size;
          await sleep(500);
          if (s1 > 0 && fs.statSync(path.join(snapDir, found)).size === s1) file = path.join(snapDir, found);
        }
      }
      await sleep(1000);
      console.log(
        `\n## after the heap snapshot's full GC: RSS ${rssMiB(pid)?.toFixed(0)} MiB\n${smapsSummary(pid)}\n${await metrics(origin)}`,
      );
      if (file) console.log(`\n${snapshotSummary(file)}`);
      else console.log("no heap snapshot written");
    } finally {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(snapDir, { recursive: true, force: true });
  }
  console.log(
    `\nload ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
