// npm run bench:search -- --engine postgres [--quick] [--queries N] [--rounds R]
// The PostgreSQL search engine (ADR 042) beside the embedded one, in the same run
// and on the same documents and queries: indexing rate (the target is ≥ 0.8× the
// embedded engine's) and query latency at 10,000 and 100,000 cases (target p95 ≤
// 50 ms at 100,000, wall clock, as the "Search benchmark" section measures it).
// PostgreSQL is a throwaway cluster started by the test helper (fsync off, as in
// the tests: the numbers are the engine's, not a disk's). Prints a Markdown table
// for docs/benchmarks.md; writes nothing. The query set runs R times (default 3) per
// engine and size: p50/p95/p99 are over every round's timings (the same definition with R
// times the samples: the p95 of one round of 150 queries is its 8th slowest and moved
// ±10 ms between runs of one build), and each round's own p95 is printed as the spread.
// Beside each indexing rate: the CPU seconds per 1,000 documents of this process (main thread
// and segmentation workers) and of the PostgreSQL server (postmaster and backends, /proc), the
// cost of the work whatever the machine's other load (the wall rates, and so the ratio, moved
// ±10 % between runs of unchanged code). The target stays the ratio of the wall rates.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { upsertBatches } from "~/search/bulk.ts";
import type { IndexSchema, SearchEngine } from "~/search/port.ts";
import { PostgresSearchEngine } from "~/search/postgres.server.ts";
import { closeSegmentPool } from "~/search/segment-pool.server.ts";
import { SqliteFtsEngine } from "~/search/sqlite-fts.server.ts";
import { startPostgres } from "../../helpers/postgres.ts";
import { cpuMeter } from "./cpu.ts";
import { makeGenerator } from "./generate.ts";
import type { BenchQuery } from "./queries.ts";

interface Row {
  engine: string;
  size: number;
  docsPerSec: number;
  /** CPU seconds of this process while indexing (the PostgreSQL server's are not in it). */
  cpuSecs: number;
  /** CPU seconds of the PostgreSQL server while indexing (its background work too; NaN off Linux). */
  serverCpuSecs: number;
  /** Documents indexed in this row's load. */
  docs: number;
  p50: number;
  p95: number;
  p99: number;
  avgTotal: number;
  /** Each round's own p95 (the spread of the p95 above). */
  roundP95: number[];
  /** Share of queries whose total was an estimate. */
  estimated: number;
  cats: Array<{ name: string; n: number; p50: number; p95: number; max: number }>;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
/** CPU seconds per 1,000 documents indexed: this process + the PostgreSQL server. */
const perK = (r: Pick<Row, "cpuSecs" | "serverCpuSecs" | "docs">) =>
  ((r.cpuSecs + (Number.isNaN(r.serverCpuSecs) ? 0 : r.serverCpuSecs)) / (r.docs / 1000)).toFixed(2);
const spread = (p95s: number[]) => p95s.map((x) => x.toFixed(1)).join(" / ");
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");

async function queryLatency(engine: SearchEngine, queries: BenchQuery[], rounds: number) {
  for (const q of queries.slice(0, 50)) await engine.search(q.query); // warm statements and caches
  const times: number[] = [];
  const roundP95: number[] = [];
  const byCat = new Map<string, number[]>();
  let hits = 0;
  let estimated = 0;
  for (let round = 0; round < rounds; round++) {
    const own: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      const r = await engine.search(q.query);
      const ms = performance.now() - t;
      own.push(ms);
      hits += r.total;
      // ADR 059: answered from a sample (the page says "about").
      if (!r.totalExact) estimated++;
      const cat = q.category.replace(/ \+filters$/, "");
      byCat.set(cat, [...(byCat.get(cat) ?? []), ms]);
    }
    times.push(...own);
    roundP95.push(
      pct(
        own.sort((a, b) => a - b),
        95,
      ),
    );
  }
  times.sort((a, b) => a - b);
  const cats = [...byCat].map(([name, t]) => {
    t.sort((a, b) => a - b);
    return { name, n: t.length, p50: pct(t, 50), p95: pct(t, 95), max: t[t.length - 1]! };
  });
  return {
    p50: pct(times, 50),
    p95: pct(times, 95),
    p99: pct(times, 99),
    avgTotal: hits / times.length,
    estimated: estimated / times.length,
    roundP95,
    cats,
  };
}

export async function benchPostgresEngine(opts: {
  schema: IndexSchema;
  sizes: number[];
  queries: BenchQuery[];
  batch: number;
  /** Times the query set runs per engine and size (ADR 077). */
  rounds?: number;
}) {
  const rounds = Math.max(1, opts.rounds ?? 3);
  const loadBefore = load();
  const cluster = await startPostgres("bench_search");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-search-pg-"));
  // Each engine has a generator of its own with the same seed: both get the same documents.
  const engines: Array<{
    label: string;
    engine: SearchEngine & { warm?: () => Promise<number> };
    indexed: number;
    doc: ReturnType<typeof makeGenerator>;
  }> = [
    {
      label: "embedded (SQLite FTS5)",
      engine: new SqliteFtsEngine({ file: path.join(dir, "search.db") }),
      indexed: 0,
      doc: makeGenerator(42),
    },
    { label: "postgres", engine: new PostgresSearchEngine({ url: cluster.url }), indexed: 0, doc: makeGenerator(42) },
  ];
  const rows: Row[] = [];
  try {
    for (const e of engines) await e.engine.ensureIndex(opts.schema);
    for (const size of opts.sizes) {
      // Both engines index the same documents in the same minutes.
      for (const e of engines) {
        const from = e.indexed;
        const t = performance.now();
        const cpu0 = process.cpuUsage();
        const meter = cpuMeter();
        function* batches() {
          while (e.indexed < size) {
            const batch = [];
            for (let i = 0; i < opts.batch && e.indexed < size; i++) batch.push(e.doc(++e.indexed));
            yield batch;
          }
        }
        // Counted for both engines: everything until the load's last write is done, including its
        // end-of-load work (endBulk). PostgreSQL's: building or merging its indexes, VACUUM and
        // ANALYZE (ADR 070; the bench ran its own VACUUM ANALYZE before). The embedded engine has
        // none (FTS5 merges its segments during the writes, which are timed; it runs no
        // 'optimize'); its clause-cache warm-up below is not indexing and is timed for neither.
        await upsertBatches(e.engine, batches());
        const secs = (performance.now() - t) / 1000;
        const cpu = process.cpuUsage(cpu0);
        const server = meter().server;
        // The embedded engine's headline latency is with its clause cache warm (docs/benchmarks.md).
        await e.engine.warm?.();
        // PostgreSQL's count cache (ADR 055) is measured off first: every query counts its matches.
        if (e.engine instanceof PostgresSearchEngine) {
          const cold = new PostgresSearchEngine({ url: cluster.url, countCacheSize: 0 });
          await cold.ensureIndex(opts.schema);
          const off = await queryLatency(cold, opts.queries, rounds);
          await cold.close();
          rows.push({
            engine: "postgres, count cache off",
            size,
            docsPerSec: NaN,
            cpuSecs: NaN,
            serverCpuSecs: NaN,
            docs: 0,
            ...off,
          });
          console.log(
            `postgres (count cache off) ${size.toLocaleString("en-US")}: p50 ${off.p50.toFixed(2)} p95 ${off.p95.toFixed(2)} p99 ${off.p99.toFixed(2)} ms (rounds' p95 ${spread(off.roundP95)}); estimated totals ${(off.estimated * 100).toFixed(0)} %; load ${load()}`,
          );
        }
        const lat = await queryLatency(e.engine, opts.queries, rounds);
        const row: Row = {
          engine: e.label,
          size,
          docsPerSec: (size - from) / secs,
          cpuSecs: (cpu.user + cpu.system) / 1e6,
          serverCpuSecs: server,
          docs: size - from,
          ...lat,
        };
        rows.push(row);
        console.log(
          `${e.label} ${size.toLocaleString("en-US")}: ${row.docsPerSec.toFixed(0)} docs/s (${(size - from).toLocaleString("en-US")} in ${secs.toFixed(1)} s, this process's CPU ${row.cpuSecs.toFixed(1)} s, the server's ${row.serverCpuSecs.toFixed(1)} s: ${perK(row)} CPU s per 1,000); p50 ${lat.p50.toFixed(2)} p95 ${lat.p95.toFixed(2)} p99 ${lat.p99.toFixed(2)} ms (rounds' p95 ${spread(lat.roundP95)}); load ${load()}`,
        );
      }
    }
  } finally {
    for (const e of engines) await Promise.resolve(e.engine.close?.()).catch(() => {});
    await closeSegmentPool();
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const f = (n: number, d = 2) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  const lines = [
    `Run: \`npm run bench:search -- --engine postgres\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. ` +
      `Machine: ${os.availableParallelism()} × ${os.cpus()[0]?.model.trim() ?? "CPU"}, Node ${process.version}; ` +
      `load average before ${loadBefore}, after ${load()}. PostgreSQL ${cluster.url.replace(/\/\/.*@/, "//…@")} (throwaway cluster, fsync off), ` +
      `${opts.queries.length} queries (the mix above) × ${rounds} rounds, batches of ${opts.batch}.`,
    "",
    "| engine | documents | indexing docs/s | vs embedded | CPU s per 1,000 docs: app + server = total | wall p50 / p95 / p99 ms | each round's p95 | mean hits/query |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    const base = rows.find((x) => x.size === r.size && x.engine.startsWith("embedded"))!;
    const rate = Number.isNaN(r.docsPerSec) ? "(same index)" : f(r.docsPerSec, 0);
    const ratio = Number.isNaN(r.docsPerSec) ? "" : `${f(r.docsPerSec / base.docsPerSec)}×`;
    const k = r.docs / 1000;
    const cpu = Number.isNaN(r.docsPerSec)
      ? ""
      : `${f(r.cpuSecs / k)} + ${Number.isNaN(r.serverCpuSecs) ? "?" : f(r.serverCpuSecs / k)} = ${perK(r)}`;
    lines.push(
      `| ${r.engine} | ${r.size.toLocaleString("en-US")} | ${rate} | ${ratio} | ${cpu} | ${f(r.p50)} / **${f(r.p95)}** / ${f(r.p99)} | ${spread(r.roundP95)} | ${f(r.avgTotal, 0)} |`,
    );
  }
  const largest = Math.max(...opts.sizes);
  const cached = rows.find((r) => r.size === largest && r.engine === "postgres")!.cats;
  const uncached = rows.find((r) => r.size === largest && r.engine.endsWith("cache off"))!.cats;
  lines.push("", `Per query kind at ${largest.toLocaleString("en-US")} documents, PostgreSQL engine (wall ms):`, "");
  lines.push("| kind | n | p50 | p95 | max | count cache off: p50 | p95 |", "|---|---:|---:|---:|---:|---:|---:|");
  for (const c of cached) {
    const o = uncached.find((x) => x.name === c.name);
    lines.push(
      `| ${c.name} | ${c.n} | ${f(c.p50)} | ${f(c.p95)} | ${f(c.max)} | ${o ? f(o.p50) : ""} | ${o ? f(o.p95) : ""} |`,
    );
  }
  console.log(`\n${lines.join("\n")}\n`);
}
