// Writes the "Search benchmark" section of docs/benchmarks.md between its own
// markers; everything else in the file (the HTTP section) is left as it is.
import fs from "node:fs";
import os from "node:os";
import type { BenchQuery } from "./queries.ts";

interface Lat {
  cpuMsPerQuery: number;
  cpu: { p50: number; p95: number; p99: number };
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  avgTotal: number;
  cats: Array<{ name: string; n: number; p50: number; p95: number; max: number }>;
}
export interface SizeResult {
  size: number;
  docsPerSec: number;
  docsPerCpuSec: number;
  warmSecs: number;
  warmedSets: number;
  indexSecs: number;
  /** CPU seconds of every thread while indexing, and of the main thread alone (null when unknown). */
  indexCpuSecs: number;
  mainCpuSecs: number | null;
  queries: number;
  warm: Lat;
  cold: Lat;
  dbBytes: number;
  rssMiB: number;
}

const START = "<!-- search-bench:start -->";
const END = "<!-- search-bench:end -->";
const f = (n: number, d = 1) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

export function writeSearchSection(
  file: string,
  results: SizeResult[],
  info: { command: string; date: string; queries: BenchQuery[]; loadBefore: number[]; segmentWorkers: number },
): void {
  const cpus = os.cpus();
  const filtered = info.queries.filter((q) => Object.keys(q.query.filters ?? {}).length).length;
  const sorted = info.queries.filter((q) => q.query.sort !== "relevance").length;
  const lines = [
    `Run: \`${info.command}\` on ${info.date}. Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, Node ${process.version}; ` +
      `load average before ${info.loadBefore.map((l) => l.toFixed(2)).join(", ")}, after ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")} (shared machine: other work ran at the same time).`,
    "",
    `Embedded engine (SQLite FTS5, jieba segmentation) on a temporary database. Documents: 65 % Chinese (~1,500 characters),` +
      ` 35 % English (~600 words), Zipf-distributed domain vocabulary (the commonest words occur in nearly every document),` +
      ` 5 facets, 2 sort keys; indexed in batches of 500 as \`search:reindex\` does (two batches in flight: the next one is segmented in` +
      ` ${info.segmentWorkers} worker thread${info.segmentWorkers === 1 ? "" : "s"} while the previous one is written), segmentation and generating the documents included;` +
      ` "per CPU-second" counts the CPU time of every thread of the process.` +
      ` ${info.queries.length} queries: ${filtered} with filters, ${sorted} sorted by date or helpfulness, all with counts for all 5 facets, 20 hits with highlights and snippets.`,
    "",
    "| documents | indexing docs/s (per CPU-second) | DB size | wall p50 / p95 / p99 ms | CPU-time p50 / p95 / p99 ms | cache off: wall p50 / p95 / p99 ms | cache off: CPU-time p50 / p95 / p99 ms | mean hits/query |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${r.size.toLocaleString("en-US")} | ${f(r.docsPerSec, 0)} (${f(r.docsPerCpuSec, 0)}) | ${f(r.dbBytes / 2 ** 20, 0)} MiB | ${f(r.warm.p50, 2)} / **${f(r.warm.p95, 2)}** / ${f(r.warm.p99, 2)} | ${f(r.warm.cpu.p50, 2)} / **${f(r.warm.cpu.p95, 2)}** / ${f(r.warm.cpu.p99, 2)} | ${f(r.cold.p50, 2)} / ${f(r.cold.p95, 2)} / ${f(r.cold.p99, 2)} | ${f(r.cold.cpu.p50, 2)} / ${f(r.cold.cpu.p95, 2)} / ${f(r.cold.cpu.p99, 2)} | ${f(r.warm.avgTotal, 0)} |`,
    ),
    "",
    "Wall time is what a caller waited on this shared machine; CPU time is the query's own work (one thread), close to what an otherwise idle machine would show. DB size: database plus WAL at the end of the run.",
    "",
    "Targets: p95 ≤ 20 ms at 10,000 and ≤ 50 ms at 100,000; indexing ≥ 1,000 docs/s.",
    "Indexing CPU: " +
      results
        .map(
          (r) =>
            `${r.size.toLocaleString("en-US")}: ${f(r.indexCpuSecs, 1)} s in ${f(r.indexSecs, 1)} s of wall time, ${r.mainCpuSecs === null ? "main thread unknown" : `${f(r.mainCpuSecs, 1)} s of it on the main thread (SQLite writes, generating documents), the rest in the segmentation workers`}`,
        )
        .join("; ") +
      ". With two cores to itself the run is bound by the larger of the main thread's share and half the total.",
    "The clause cache keeps the match sets of large query clauses as bitsets (small writes patch them, bulk loads drop them);" +
      " before the measured queries `warm()` fills it with the most frequent words and the domain compounds" +
      ` (${results.map((r) => `${r.size.toLocaleString("en-US")}: ${r.warmedSets} sets in ${f(r.warmSecs, 1)} s`).join("; ")}).` +
      ' "Cache off" is every query answered from FTS5 alone: the cost of a cold start.',
    "",
    `Per query kind at ${results[results.length - 1]!.size.toLocaleString("en-US")} documents, clause cache off (ms):`,
    "",
    "| kind | n | p50 | p95 | max |",
    "|---|---:|---:|---:|---:|",
    ...results[results.length - 1]!.cold.cats.map(
      (c) => `| ${c.name} | ${c.n} | ${f(c.p50, 2)} | ${f(c.p95, 2)} | ${f(c.max, 2)} |`,
    ),
  ];
  const block = `${START}\n${lines.join("\n")}\n${END}`;
  let doc = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  if (!doc.includes(START) || !doc.includes(END)) {
    doc = `${doc.trimEnd()}\n\n## Search benchmark\n\n\`npm run bench:search\` (tests/bench/search.ts); see app/search/sqlite-fts.server.ts for the design it measures.\n\n${START}\n${END}\n`;
  }
  const before = doc.slice(0, doc.indexOf(START));
  const after = doc.slice(doc.indexOf(END) + END.length);
  fs.writeFileSync(file, `${before}${block}${after}`);
}
