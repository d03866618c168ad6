// Formats the benchmark table and writes it into docs/benchmarks.md between
// markers, so the prose around it survives every run.
import fs from "node:fs";
import os from "node:os";

export interface Row {
  name: string;
  /** "cached" / "uncached" (the page caches on or off) for the per-page table; absent elsewhere. */
  cache?: string;
  /** "reader" or "member". */
  who?: string;
  path: string;
  note: string;
  bytes: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  ratio: number | null;
  cpuMsPerReq: number | null;
  /** With `--rounds`: the lowest and highest CPU per request of the row's rounds (cpuMsPerReq is the median round's). */
  cpuRange?: [number, number];
  errors: number;
  non2xx: number;
  /** The server's resident memory right after the case, MiB. */
  rssMiB?: number | null;
}

export interface RunInfo {
  command: string;
  date: string;
  connections: number;
  seconds: number;
  /** The unmeasured first round per page and viewer (BENCH_FIRST_WARMUP_SECONDS), 0 for none. */
  firstWarmupSeconds?: number;
  peakRssMiB: number | null;
  loadBefore: number[];
  loadAfter?: number[];
  /** Resident memory at moments of the run (idle after start, after each pass). */
  rssNotes?: string[];
  /** The per-page table (issue 15.7), shown before the other cases. */
  matrix?: Row[];
  skipped: Array<{ name: string; reason: string }>;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function machineNote(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function table(rows: Row[]): string {
  const head =
    "| case | path | bytes | req/s | p50 ms | p99 ms | vs bare | CPU ms/req | errors / non-2xx |\n|---|---|---:|---:|---:|---:|---:|---:|---:|";
  const lines = rows.map(
    (r) =>
      `| ${r.name} | \`${r.path}\` | ${fmt(r.bytes)} | ${fmt(r.reqPerSec)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${
        r.ratio === null ? "—" : `${fmt(r.ratio * 100, 1)} %`
      } | ${r.cpuMsPerReq === null ? "—" : fmt(r.cpuMsPerReq, 2)} | ${r.errors} / ${r.non2xx} |`,
  );
  return [head, ...lines].join("\n");
}

/**
 * The round with the median CPU per request (of several rounds of one row), with the range of all
 * rounds' CPU: one round's numbers, so req/s and p99 belong to the CPU shown.
 */
export function medianRound(results: Row[]): Row {
  const byCpu = [...results].sort((a, b) => (a.cpuMsPerReq ?? Infinity) - (b.cpuMsPerReq ?? Infinity));
  const median = byCpu[Math.floor((byCpu.length - 1) / 2)]!;
  if (results.length < 2) return median;
  const cpus = results.map((r) => r.cpuMsPerReq).filter((c): c is number => c !== null);
  return cpus.length ? { ...median, cpuRange: [Math.min(...cpus), Math.max(...cpus)] } : median;
}

/** One line per page and visitor: CPU ms/req, req/s and p99 with the page caches on and off, and RSS after. */
export function matrixTable(rows: Row[]): string {
  const head =
    "| page | who | path | bytes | cached: CPU ms/req | req/s | p99 ms | uncached: CPU ms/req | req/s | p99 ms | RSS after, MiB | errors / non-2xx |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  const keys = [...new Set(rows.map((r) => `${r.name}\u0000${r.who ?? ""}`))];
  const cpu = (r?: Row) =>
    r?.cpuMsPerReq == null
      ? "—"
      : r.cpuRange
        ? `${fmt(r.cpuMsPerReq, 2)} (${fmt(r.cpuRange[0], 2)}–${fmt(r.cpuRange[1], 2)})`
        : fmt(r.cpuMsPerReq, 2);
  const lines = keys.map((key) => {
    const [name, who] = key.split("\u0000");
    const c = rows.find((r) => r.name === name && r.who === who && r.cache === "cached");
    const u = rows.find((r) => r.name === name && r.who === who && r.cache === "uncached");
    const any = (c ?? u)!;
    const rss = u?.rssMiB ?? c?.rssMiB;
    return `| ${name} | ${who} | \`${any.path}\` | ${fmt(any.bytes)} | ${cpu(c)} | ${c ? fmt(c.reqPerSec) : "—"} | ${
      c ? fmt(c.p99, 1) : "—"
    } | ${cpu(u)} | ${u ? fmt(u.reqPerSec) : "—"} | ${u ? fmt(u.p99, 1) : "—"} | ${rss == null ? "—" : fmt(rss)} | ${
      (c?.errors ?? 0) + (u?.errors ?? 0)
    } / ${(c?.non2xx ?? 0) + (u?.non2xx ?? 0)} |`;
  });
  return [head, ...lines].join("\n");
}

export function section(rows: Row[], info: RunInfo): string {
  const parts = [
    `Run: \`${info.command}\` on ${info.date}`,
    "",
    `Machine: ${machineNote()}. Load average before the run: ${info.loadBefore.map((l) => l.toFixed(2)).join(", ")}` +
      " (this machine is shared; numbers move with what else runs).",
    "",
    `autocannon, ${info.connections} connections, ${info.seconds} s per case after a short warm-up${info.firstWarmupSeconds ? ` (and, for the per-page table, one unmeasured round of ${info.firstWarmupSeconds} s per page and viewer first, so no row meets a process whose JIT is still compiling)` : ""}, from the same machine.` +
      " CPU ms/req is the server process's user + system CPU time during the run divided by the requests it answered" +
      " (from /proc/<pid>/stat): unlike req/s it barely moves when other work competes for the cores.",
    "",
    ...(info.matrix?.length
      ? [
          "Each page for a reader (no session) and a member (signed in, browser runs the script: shared copies where" +
            " pages have them, ADR 015), with the page caches on (`PAGE_CACHE_SECONDS=5`) and off (`=0`, a server" +
            " restarted on the same database): every uncached request runs loaders and React.",
          "",
          matrixTable(info.matrix),
          "",
          "Other cases (page caches on) and the bare server:",
          "",
        ]
      : []),
    table(rows),
    "",
    ...(info.loadAfter
      ? [`Load average after the run: ${info.loadAfter.map((l) => l.toFixed(2)).join(", ")}.`, ""]
      : []),
    ...(info.rssNotes?.length ? [`Resident memory: ${info.rssNotes.join("; ")}.`, ""] : []),
    `App server peak RSS (VmHWM) over the whole run: **${info.peakRssMiB === null ? "n/a" : `${fmt(info.peakRssMiB)} MiB`}**.`,
  ];
  if (info.skipped.length) {
    parts.push("", `Skipped: ${info.skipped.map((s) => `${s.name} (${s.reason})`).join("; ")}.`);
  }
  return parts.join("\n");
}

const INTRO = `# Benchmarks

\`npm run bench\` (tests/bench/run.ts) builds the app (skip with BENCH_SKIP_BUILD=1), starts the production server
on a throwaway database with the demo data (JOBS_IN_PROCESS on, LOG_LEVEL=warn), and loads each page with
autocannon. For scale it also loads a bare \`node:http\` server that answers with the home page's HTML as a static
buffer: "vs bare" is the page's throughput as a share of that ceiling on the same machine in the same run.
The table below is replaced on every run; pages are added in tests/bench/lib/cases.ts.

`;

export function writeDoc(file: string, body: string): void {
  replaceSection(file, "bench", body);
}

/**
 * Puts `body` between `<!-- name:start -->` and `<!-- name:end -->` in `file`
 * (appended at the end the first time), leaving the prose around it alone.
 */
export function replaceSection(file: string, name: string, body: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  let doc = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : INTRO;
  if (!doc.includes(start) || !doc.includes(end)) doc = `${doc.trimEnd()}\n\n${start}\n${end}\n`;
  const before = doc.slice(0, doc.indexOf(start));
  const after = doc.slice(doc.indexOf(end) + end.length);
  fs.writeFileSync(file, `${before}${start}\n${body}\n${end}${after}`);
}
