// `npm run bench:resident`: what a server's resident memory is made of (issue 15.4, ADR 062).
// Starts the built server as `npm run serve` does (SERVE_NODE_FLAGS, SERVE_ENV), or with the
// flags given after a second `--`, on a prepared database, with tests/bench/lib/memory-probe.mjs
// preloaded; reads /proc/PID/smaps and the probe (V8's spaces, code, memory outside the heap,
// threads, the page caches' bytes) at idle +3 s and +30 s, after --passes passes of the
// per-page table's pages under load (reader and member, page caches on: bench:memory's load),
// and after a heap snapshot (which collects all garbage first, so it shows the live heap).
// The snapshot is summed by kind and by constructor, and its largest strings are named with
// what holds them. Ends with one table of the phases, in docs/benchmarks.md's form.
//
//   BENCH_SKIP_BUILD=1 BENCH_SECONDS=3 npm run bench:resident -- --passes 3 [-- --max-old-space-size=1024]
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

const dash = process.argv.indexOf("--", 2);
const nodeFlags = dash >= 0 ? process.argv.slice(dash + 1) : [...SERVE_NODE_FLAGS];
const seconds = Number(process.env.BENCH_SECONDS || 2);
// --passes N: passes over the pages before the "under load" reading (the memory bench runs 3).
const passes = Math.max(1, Number(process.argv[process.argv.indexOf("--passes") + 1]) || 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (kb: number) => (kb / 1024).toFixed(1);

/** Resident kB per kind of mapping: the node binary, other files, the brk heap, anonymous mappings by size. */
function smapsParts(pid: number): { parts: Map<string, number>; native: Map<string, number> } {
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
    // holds its dictionary (~32 MiB after Jieba.withDict of jieba's whole dictionary). The app's smaller
    // dictionary (ADR 078) fits in mimalloc's smaller segments: it is then counted in "anonymous, other". Not a wasm memory: the accessible part of
    // one (Prisma's compiler) is a mapping of its current size, counted under "anonymous, other".
    else if (size >= 1024 * 1024) kind = "anonymous, ≥1 GiB arena (mimalloc: jieba's dictionary)";
    else if (size === 65536 || size === 65532) kind = "anonymous, 64 MiB (malloc arena)";
    else if (size <= 256) kind = "anonymous, ≤256 KiB (V8 pages, small mmaps)";
    else kind = "anonymous, other (large objects, big mallocs)";
    parts.set(kind, (parts.get(kind) ?? 0) + kb);
  }
  return { parts, native };
}

function smapsSummary(pid: number): string {
  const { parts, native } = smapsParts(pid);
  const total = [...parts.values()].reduce((a, b) => a + b, 0);
  const rows = [...parts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, kb]) => `  ${k.padEnd(46)} ${mib(kb).padStart(7)} MiB`)
    .join("\n");
  const mods = [...native].map(([m, kb]) => `${m} ${mib(kb)}`).join(", ");
  return `${rows}\n  ${"total".padEnd(46)} ${mib(total).padStart(7)} MiB\n  native modules: ${mods || "none"}`;
}

/** A heap snapshot summed: self size by node type, by constructor, and the largest strings. */
function snapshotSummary(file: string): { text: string; byType: Map<string, number>; total: number } {
  const snap = JSON.parse(fs.readFileSync(file, "utf8")) as {
    snapshot: {
      meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
    };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const edgeFields = snap.snapshot.meta.edge_fields;
  const edgeTypes = snap.snapshot.meta.edge_types[0];
  const types = snap.snapshot.meta.node_types[0];
  const n = fields.length;
  const [iType, iName, iSize] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const byType = new Map<string, number>();
  const byCtor = new Map<string, [number, number]>();
  const big: [number, string, number][] = [];
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
      if (size > 256 * 1024) big.push([size, name.slice(0, 70).replace(/\s+/g, " "), i]);
    }
  }
  // What holds each large string: the first object with a strong edge to it (its retainer).
  const holders = new Map<number, string>(big.map(([, , at]) => [at, ""]));
  const iEdges = fields.indexOf("edge_count");
  const [eType, eName, eTo] = ["type", "name_or_index", "to_node"].map((f) => edgeFields.indexOf(f));
  const en = edgeFields.length;
  for (let i = 0, e = 0; i < snap.nodes.length; i += n) {
    const count = snap.nodes[i + iEdges]!;
    for (let k = 0; k < count; k++, e += en) {
      const to = snap.edges[e + eTo!]!;
      if (!holders.has(to) || holders.get(to) || edgeTypes[snap.edges[e + eType!]!] === "weak") continue;
      const edgeType = edgeTypes[snap.edges[e + eType!]!];
      const edge =
        edgeType === "element" || edgeType === "hidden"
          ? `[${snap.edges[e + eName!]}]`
          : snap.strings[snap.edges[e + eName!]!];
      holders.set(
        to,
        `${types[snap.nodes[i + iType!]!]} ${snap.strings[snap.nodes[i + iName!]!]!.slice(0, 40)}.${edge}`,
      );
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
    .map(
      ([s, t, at]) =>
        `  ${(s / 2 ** 20).toFixed(2).padStart(6)} MiB  ${JSON.stringify(t)}  held by ${holders.get(at) || "?"}`,
    )
    .join("\n");
  return {
    text: `live heap (snapshot, after a full GC): ${(total / 2 ** 20).toFixed(1)} MiB\nby kind:\n${top(byType)}\nlargest by constructor/name:\n${ctors}\nstrings over 256 KiB:\n${strings}`,
    byType,
    total,
  };
}

interface Probe {
  memoryUsage: NodeJS.MemoryUsage;
  spaces: { space: string; committed: number; used: number }[];
  code: { code_and_metadata_size: number; bytecode_and_metadata_size: number; external_script_source_size: number };
  threads: Record<string, number>;
  pageCacheBytes: number | null;
}

/** What the server says of its own memory (tests/bench/lib/memory-probe.mjs, on SIGWINCH). */
async function probe(pid: number, file: string): Promise<Probe | null> {
  fs.rmSync(file, { force: true });
  process.kill(pid, "SIGWINCH");
  for (let i = 0; i < 50; i++) {
    await sleep(100);
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as Probe;
  }
  return null;
}

interface Phase {
  label: string;
  rss: number;
  parts: Map<string, number>;
  native: Map<string, number>;
  probe: Probe | null;
}

async function phase(label: string, pid: number, file: string): Promise<Phase> {
  const { parts, native } = smapsParts(pid);
  const p: Phase = { label, rss: rssMiB(pid) ?? NaN, parts, native, probe: await probe(pid, file) };
  const threads = p.probe
    ? Object.entries(p.probe.threads)
        .map(([k, v]) => `${k} ×${v}`)
        .join(", ")
    : "no probe";
  console.log(`\n## ${label}: RSS ${p.rss.toFixed(0)} MiB\n${smapsSummary(pid)}\n  threads: ${threads}`);
  return p;
}

const M = (bytes: number | undefined) =>
  bytes === undefined || Number.isNaN(bytes) ? "—" : (bytes / 2 ** 20).toFixed(1);

/**
 * One table of the phases, in the form docs/benchmarks.md takes: what the mappings hold
 * (smaps), what V8 says of its heap, what lives outside it, and the live heap by kind.
 */
function table(phases: Phase[], live: { byType: Map<string, number>; total: number } | null): string {
  const row = (name: string, f: (p: Phase) => string) => `| ${name} | ${phases.map(f).join(" | ")} |`;
  const part = (p: Phase, k: string) => M((p.parts.get(k) ?? 0) * 1024);
  const space = (p: Phase, name: string, key: "committed" | "used") =>
    M(p.probe?.spaces.find((s) => s.space === name)?.[key]);
  const anonSmall = "anonymous, ≤256 KiB (V8 pages, small mmaps)";
  const lines = [
    `| part, MiB | ${phases.map((p) => p.label).join(" | ")} |`,
    `|---|${phases.map(() => "---:").join("|")}|`,
    row("**RSS**", (p) => `**${p.rss.toFixed(0)}**`),
    row("V8 heap pages (anonymous ≤ 256 KiB mappings)", (p) => part(p, anonSmall)),
    row("node binary (file pages: code, ICU data, snapshot)", (p) => part(p, "node binary")),
    row("jieba's dictionary (mimalloc's 1 GiB arena)", (p) =>
      part(p, "anonymous, ≥1 GiB arena (mimalloc: jieba's dictionary)"),
    ),
    row("malloc's main arena (brk: SQLite page caches, Prisma, ICU, zlib)", (p) =>
      part(p, "brk heap (malloc main arena)"),
    ),
    row("malloc's other arena (64 MiB reservation)", (p) => part(p, "anonymous, 64 MiB (malloc arena)")),
    row("anonymous, other (V8 large objects, big mallocs, wasm memories)", (p) =>
      part(p, "anonymous, other (large objects, big mallocs)"),
    ),
    row("native modules (.node)", (p) => part(p, "native modules (.node)")),
    row("other files (libc, libstdc++, …)", (p) => part(p, "other files (libc, ICU, …)")),
    row(
      "*V8 heap committed / used*",
      (p) => `${M(p.probe?.memoryUsage.heapTotal)} / ${M(p.probe?.memoryUsage.heapUsed)}`,
    ),
    row(
      "*— old space committed / used*",
      (p) => `${space(p, "old_space", "committed")} / ${space(p, "old_space", "used")}`,
    ),
    row(
      "*— code space committed / used*",
      (p) => `${space(p, "code_space", "committed")} / ${space(p, "code_space", "used")}`,
    ),
    row(
      "*— new space committed / used*",
      (p) => `${space(p, "new_space", "committed")} / ${space(p, "new_space", "used")}`,
    ),
    row(
      "*— large objects committed / used*",
      (p) => `${space(p, "large_object_space", "committed")} / ${space(p, "large_object_space", "used")}`,
    ),
    row("*bytecode + code metadata / script sources*", (p) =>
      p.probe
        ? `${M(p.probe.code.bytecode_and_metadata_size + p.probe.code.code_and_metadata_size)} / ${M(p.probe.code.external_script_source_size)}`
        : "—",
    ),
    row(
      "*outside the heap: external / of it ArrayBuffers (wasm memory, Buffers)*",
      (p) => `${M(p.probe?.memoryUsage.external)} / ${M(p.probe?.memoryUsage.arrayBuffers)}`,
    ),
    row("*page caches (bytes held, in the heap)*", (p) => M(p.probe?.pageCacheBytes ?? undefined)),
    row("*threads*", (p) => String(p.probe ? Object.values(p.probe.threads).reduce((a, b) => a + b, 0) : "—")),
  ];
  if (live) {
    lines.push(
      `\nLive heap after the snapshot's full GC: ${M(live.total)} MiB — ${[...live.byType]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([k, v]) => `${k} ${M(v)}`)
        .join(", ")}.`,
    );
  }
  return lines.join("\n");
}

async function main() {
  ensureBuild({ skip: process.env.BENCH_SKIP_BUILD === "1" });
  const dataDir = makeDataDir("bee-bench-res-");
  const snapDir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-snap-"));
  const probeFile = path.join(snapDir, "probe.json");
  try {
    const port = await freePort();
    const env = {
      ...serverEnv({ dataDir, port, logLevel: "warn", extra: { RATE_LIMITS: "false" } }),
      ...SERVE_ENV,
      BEE_MEMORY_PROBE_FILE: probeFile,
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
        "--import",
        path.join(ROOT, "tests/bench/lib/memory-probe.mjs"),
        "--heapsnapshot-signal=SIGUSR2",
        `--diagnostic-dir=${snapDir}`,
        "build/start/index.js",
        "--prepare",
      ],
      { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] },
    );
    const pid = child.pid!;
    const origin = `http://127.0.0.1:${port}`;
    const phases: Phase[] = [];
    let live: ReturnType<typeof snapshotSummary> | null = null;
    try {
      await waitForHttp(`${origin}/`);
      await sleep(3000);
      console.log(
        `node ${nodeFlags.join(" ")} (${Object.entries(SERVE_ENV)
          .map(([k, v]) => `${k}=${v}`)
          .join(" ")})`,
      );
      phases.push(await phase("idle +3 s", pid, probeFile));
      await sleep(27_000);
      phases.push(await phase("idle +30 s", pid, probeFile));
      for (let pass = 1; pass <= passes; pass++) {
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
      }
      phases.push(await phase(`after ${passes} pass${passes > 1 ? "es" : ""} under load`, pid, probeFile));
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
      phases.push(await phase("after the snapshot's full GC", pid, probeFile));
      if (file) {
        live = snapshotSummary(file);
        console.log(`\n${live.text}`);
      } else console.log("no heap snapshot written");
    } finally {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    console.log(`\n${table(phases, live)}`);
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
