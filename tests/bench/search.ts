// npm run bench:search [-- --quick] [-- --sizes N[,M]] [-- --queries N] [-- --no-write] [-- --engine postgres [--rounds R]]
// Indexing throughput and query latency of the embedded search engine (SQLite
// FTS5) at 10,000 and 100,000 generated case studies, written into the "Search
// benchmark" section of docs/benchmarks.md. --quick runs only 10,000. --engine
// postgres runs the PostgreSQL engine beside this one instead (search/postgres.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SqliteFtsEngine } from "~/search/sqlite-fts.server.ts";
import { upsertBatches } from "~/search/bulk.ts";
import { closeSegmentPool, defaultSegmentWorkers } from "~/search/segment-pool.server.ts";
import { makeGenerator } from "./search/generate.ts";
import { makeQueries, type BenchQuery } from "./search/queries.ts";
import { benchSchema } from "./search/schema.ts";
import { writeSearchSection, type SizeResult } from "./search/report.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const noWrite = args.includes("--no-write");
const loadBefore = os.loadavg();
const queryCount = Number(args[args.indexOf("--queries") + 1]) || 1200;
// --sizes 100000: one size alone (a PostgreSQL run of both sizes holds the heavy lock too long).
const sizes = args.includes("--sizes")
  ? args[args.indexOf("--sizes") + 1]!.split(",").map(Number)
  : quick
    ? [10_000]
    : [10_000, 100_000];
const BATCH = 500;

const schema = benchSchema;

/** CPU seconds of the main thread alone (Linux /proc; null elsewhere): the rest of the process's CPU is the segmentation workers. */
function mainThreadCpuSecs(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime (fields 14 and 15 of the line) in clock ticks, 100 per second on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function runQueries(engine: SqliteFtsEngine, queries: BenchQuery[]) {
  for (const q of queries.slice(0, 50)) await engine.search(q.query); // warm statements and columns
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const byCat = new Map<string, number[]>();
  let hits = 0;
  const cpuTimes: number[] = [];
  for (const q of queries) {
    const c = process.cpuUsage();
    const t = performance.now();
    const r = await engine.search(q.query);
    const ms = performance.now() - t;
    const cu = process.cpuUsage(c);
    times.push(ms);
    // CPU time of the query: what it costs without waiting for the other processes sharing the CPU.
    cpuTimes.push((cu.user + cu.system) / 1000);
    hits += r.total;
    const cat = q.category.replace(/ \+filters$/, "");
    if (!byCat.has(cat)) byCat.set(cat, []);
    byCat.get(cat)!.push(ms);
  }
  const used = process.cpuUsage(cpu0);
  const cpuMsPerQuery = (used.user + used.system) / 1000 / queries.length;
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const cpu = { p50: pct(cpuTimes, 50), p95: pct(cpuTimes, 95), p99: pct(cpuTimes, 99) };
  const cats = [...byCat.entries()].map(([name, t]) => {
    t.sort((a, b) => a - b);
    return { name, n: t.length, p50: pct(t, 50), p95: pct(t, 95), max: t[t.length - 1]! };
  });
  return {
    cpu,
    cpuMsPerQuery,
    p50: pct(times, 50),
    p95: pct(times, 95),
    p99: pct(times, 99),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    avgTotal: hits / queries.length,
    cats,
  };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-search-"));
  const file = path.join(dir, "search.db");
  const engine = new SqliteFtsEngine({ file });
  await engine.ensureIndex(schema);
  const doc = makeGenerator(42);
  const queries = makeQueries(queryCount, 7);
  const results: SizeResult[] = [];
  let indexed = 0;
  try {
    for (const size of sizes) {
      const t = performance.now();
      const cpu0 = process.cpuUsage();
      const main0 = mainThreadCpuSecs();
      const startCount = indexed;
      // As search:reindex loads: the next batch is produced and segmented (worker
      // threads) while the previous one is written.
      function* batches() {
        while (indexed < size) {
          const batch = [];
          for (let i = 0; i < BATCH && indexed < size; i++) batch.push(doc(++indexed));
          if (indexed % 10_000 === 0) process.stdout.write(`  indexed ${indexed.toLocaleString("en-US")}\r`);
          yield batch;
        }
      }
      await upsertBatches(engine, batches());
      const secs = (performance.now() - t) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuSecs = (cpu.user + cpu.system) / 1e6;
      const main1 = mainThreadCpuSecs();
      const mainCpuSecs = main0 !== null && main1 !== null ? main1 - main0 : null;
      const docsPerSec = (indexed - startCount) / secs;
      const docsPerCpuSec = (indexed - startCount) / cpuSecs;
      console.log(
        `\n${size.toLocaleString("en-US")} docs: indexed ${(indexed - startCount).toLocaleString("en-US")} in ${secs.toFixed(1)} s = ${docsPerSec.toFixed(0)} docs/s (${docsPerCpuSec.toFixed(0)} per CPU-second); CPU ${cpuSecs.toFixed(1)} s, of which main thread ${mainCpuSecs?.toFixed(1) ?? "?"} s`,
      );
      const tw = performance.now();
      const warmedSets = await engine.warm();
      const warmSecs = (performance.now() - tw) / 1000;
      console.log(`  cache warm-up: ${warmedSets} match sets in ${warmSecs.toFixed(1)} s`);
      const warm = await runQueries(engine, queries);
      console.log(
        `  queries (clause cache on):  p50 ${warm.p50.toFixed(2)}  p95 ${warm.p95.toFixed(2)}  p99 ${warm.p99.toFixed(2)} ms; CPU time p50 ${warm.cpu.p50.toFixed(2)} p95 ${warm.cpu.p95.toFixed(2)} p99 ${warm.cpu.p99.toFixed(2)} ms`,
      );
      const coldEngine = new SqliteFtsEngine({ file, clauseCacheMiB: 0 });
      await coldEngine.ensureIndex(schema);
      const cold = await runQueries(coldEngine, queries);
      await coldEngine.close();
      console.log(
        `  queries (clause cache off): p50 ${cold.p50.toFixed(2)}  p95 ${cold.p95.toFixed(2)}  p99 ${cold.p99.toFixed(2)} ms; CPU time p50 ${cold.cpu.p50.toFixed(2)} p95 ${cold.cpu.p95.toFixed(2)} p99 ${cold.cpu.p99.toFixed(2)} ms`,
      );
      for (const c of cold.cats)
        console.log(
          `    ${c.name.padEnd(20)} n=${String(c.n).padStart(4)}  p50 ${c.p50.toFixed(2)}  p95 ${c.p95.toFixed(2)}  max ${c.max.toFixed(2)}`,
        );
      const dbBytes = fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
      results.push({
        size,
        warmSecs,
        warmedSets,
        docsPerSec,
        docsPerCpuSec,
        indexSecs: secs,
        indexCpuSecs: cpuSecs,
        mainCpuSecs,
        queries: queries.length,
        warm,
        cold,
        dbBytes,
        rssMiB: process.memoryUsage().rss / 2 ** 20,
      });
    }
  } finally {
    await engine.close();
    await closeSegmentPool();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `load average before ${loadBefore.map((l) => l.toFixed(2)).join(", ")}, after ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}`,
  );
  if (noWrite) return;
  const docFile = path.resolve("docs/benchmarks.md");
  writeSearchSection(docFile, results, {
    command: `npm run bench:search${quick ? " -- --quick" : ""}`,
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    queries,
    loadBefore,
    segmentWorkers: defaultSegmentWorkers(),
  });
  console.log(`wrote ${path.relative(process.cwd(), docFile)}`);
}

const engineArg = args.includes("--engine") ? args[args.indexOf("--engine") + 1] : "sqlite";
const run =
  engineArg === "postgres"
    ? () =>
        import("./search/postgres.ts").then((m) =>
          m.benchPostgresEngine({
            schema,
            sizes,
            queries: makeQueries(queryCount, 7),
            batch: BATCH,
            rounds: args.includes("--rounds") ? Number(args[args.indexOf("--rounds") + 1]) : undefined,
          }),
        )
    : main;
run().catch((err) => {
  console.error(err);
  process.exit(1);
});
