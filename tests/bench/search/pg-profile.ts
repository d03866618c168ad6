// npx tsx tests/bench/search/pg-profile.ts [SIZES=10000[,100000]] [both|pg|sqlite]
// Where the PostgreSQL search engine's bulk indexing time goes (session 10, ADR 067): the
// embedded and the PostgreSQL engine load the bench's documents in turn (as
// tests/bench/search/postgres.ts does, the engine's end-of-load work counted), and for each it prints the
// rate, this process's CPU, the PostgreSQL server's CPU (postmaster and backends, from
// /proc) and the time spent in each kind of SQL statement. Run under the heavy lock; with
// `node --cpu-prof --import tsx` it also shows the main thread's and workers' profiles.
// Knobs (environment): IN_FLIGHT (batches in flight, 2), MERGE_DOCS (the engine's bulkMergeDocs),
// WARM=N (N documents segmented first, untimed: with `pg` the workers are as warm as in the bench),
// STORAGE (the docs table's tsv and fields columns' storage, e.g. EXTERNAL: no compression).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { upsertBatches } from "~/search/bulk.ts";
import { PostgresSearchEngine } from "~/search/postgres.server.ts";
import { closeSegmentPool } from "~/search/segment-pool.server.ts";
import { SqliteFtsEngine } from "~/search/sqlite-fts.server.ts";
import { createPgPool } from "~/utils/pg-adapter.ts";
import { startPostgres } from "../../helpers/postgres.ts";
import { serverCpuSecs as serverCpu } from "./cpu.ts";
import { makeGenerator } from "./generate.ts";
import { benchSchema } from "./schema.ts";

const schema = benchSchema;
/** CPU seconds of the main thread alone (Linux /proc: utime and stime of this thread's stat, 100 ticks a second). */
function mainThreadCpuSecs(): number {
  const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const sql = new Map<string, { n: number; ms: number }>();
const orig = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...a: unknown[]) {
  const text = typeof a[0] === "string" ? a[0] : "?";
  const key = text.trim().slice(0, 40).replace(/\s+/g, " ");
  const t = performance.now();
  const r = orig.apply(this, a);
  if (r && typeof (r as Promise<unknown>).then === "function")
    void (r as Promise<unknown>).then(
      () => {
        const e = sql.get(key) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += performance.now() - t;
        sql.set(key, e);
      },
      () => {},
    );
  return r;
};
const sizes = (process.argv[2] ?? "10000").split(",").map(Number);
const which = process.argv[3] ?? "both";
const cluster = await startPostgres("prof");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgprof-"));
const admin = createPgPool(cluster.url);
const engines: Array<[string, SqliteFtsEngine | PostgresSearchEngine]> = [];
if (which !== "pg") engines.push(["embedded", new SqliteFtsEngine({ file: path.join(dir, "s.db") })]);
if (which !== "sqlite")
  engines.push([
    "postgres",
    new PostgresSearchEngine({
      url: cluster.url,
      bulkMergeDocs: process.env.MERGE_DOCS ? Number(process.env.MERGE_DOCS) : undefined,
    }),
  ]);
for (const [, e] of engines) await e.ensureIndex(schema);
if (process.env.STORAGE)
  // An experiment, not the engine's: the TOASTed columns stored as STORAGE (e.g. EXTERNAL: out of
  // line without LZ4, whose compression was 8 % of the server's samples in session 13).
  await admin.query(
    `ALTER TABLE search_${schema.name.toLowerCase()}_docs ALTER COLUMN tsv SET STORAGE ${process.env.STORAGE},
       ALTER COLUMN fields SET STORAGE ${process.env.STORAGE}`,
  );
if (process.env.WARM) {
  // The segmentation workers started and warm (as in the bench, where the embedded engine loads
  // first), without touching the engines measured: WARM documents into a throwaway embedded index.
  const w = new SqliteFtsEngine({ file: path.join(dir, "warm.db") });
  await w.ensureIndex(schema);
  const doc = makeGenerator(7);
  const n = Number(process.env.WARM);
  await upsertBatches(w, [Array.from({ length: n }, (_, i) => doc(i + 1))]);
  await w.close();
}
const state = engines.map(() => ({ n: 0, doc: makeGenerator(42) }));
for (const size of sizes)
  for (const [k, [label, e]] of engines.entries()) {
    const s = state[k]!;
    sql.clear();
    const from = s.n;
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    const srv0 = serverCpu();
    const main0 = mainThreadCpuSecs();
    function* batches() {
      while (s.n < size) {
        const b = [];
        for (let i = 0; i < 500 && s.n < size; i++) b.push(s.doc(++s.n));
        yield b;
      }
    }
    await upsertBatches(e, batches(), { inFlight: Number(process.env.IN_FLIGHT ?? 2) });
    const tl = performance.now();
    // (The engine's endBulk vacuums and analyzes since ADR 070: counted in the load.)
    const secs = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `${label} ${size}: ${((size - from) / secs).toFixed(0)} docs/s, ${(((cpu.user + cpu.system) / 1e6 + (serverCpu() - srv0)) / ((size - from) / 1000)).toFixed(2)} CPU s/1k docs, ${secs.toFixed(2)} s (load ${((tl - t) / 1000).toFixed(2)} s, vacuum ${((performance.now() - tl) / 1000).toFixed(2)} s), process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (main thread ${(mainThreadCpuSecs() - main0).toFixed(2)} s), server CPU ${(serverCpu() - srv0).toFixed(2)} s; load ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}`,
    );
    if (e instanceof PostgresSearchEngine) {
      // Autovacuum and autoanalyze runs on the table so far: each competes with the load for the CPU.
      const av = await admin.query(
        `SELECT relname, autovacuum_count, autoanalyze_count, vacuum_count, analyze_count FROM pg_stat_user_tables
         WHERE relname LIKE 'search_cases_%' OR relname LIKE 'pg_toast%' ORDER BY relname`,
      );
      for (const r of av.rows) console.log(`   ${JSON.stringify(r)}`);
    }
    for (const [key, v] of [...sql].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8))
      console.log(`   ${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(5)}×  ${key}`);
  }
for (const [, e] of engines) await e.close();
await admin.end();
await closeSegmentPool();
await cluster.stop();
fs.rmSync(dir, { recursive: true, force: true });
