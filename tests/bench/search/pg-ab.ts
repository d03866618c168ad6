// npx tsx tests/bench/search/pg-ab.ts OTHER_TREE [SIZE=100000] [QUERIES=300]
// Two trees' PostgreSQL search engines side by side on one index, query by query interleaved
// (A then B, B then A on the next query and the next round), so the machine's drift during the
// run falls on both alike — steadier than two bench runs one after the other on a shared machine,
// where the position in a hold moved p95 as much as a change did (session 16). OTHER_TREE is a
// directory holding another tree's app/ (e.g. `git worktree add /tmp/base main`, with a
// node_modules link to this tree's): its app/search/ modules are loaded beside this tree's (the
// `~/` imports resolve to this tree's, so only app/search/ is compared). This tree's engine loads
// the bench's documents (10,000, then the rest into the non-empty index, as `npm run
// bench:search -- --engine postgres` does) into a throwaway cluster; both engines then answer the
// query mix three times with the count cache off. Prints p50/p95/p99 per tree and per query kind.
// Run under the heavy lock (a 100,000-case load: about a minute here, then ~2 × 3 × QUERIES searches).
import os from "node:os";
import path from "node:path";
import { upsertBatches } from "~/search/bulk.ts";
import { PostgresSearchEngine } from "~/search/postgres.server.ts";
import { closeSegmentPool } from "~/search/segment-pool.server.ts";
import { startPostgres } from "../../helpers/postgres.ts";
import { makeGenerator } from "./generate.ts";
import { makeQueries } from "./queries.ts";
import { benchSchema } from "./schema.ts";

const [otherTree, sizeArg, queriesArg] = process.argv.slice(2);
if (!otherTree) {
  console.error("usage: pg-ab.ts OTHER_TREE [SIZE=100000] [QUERIES=300]");
  process.exit(2);
}
const size = Number(sizeArg ?? 100_000);
const queryCount = Number(queriesArg ?? 300);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

const other = (await import(path.resolve(otherTree, "app/search/postgres.server.ts"))) as {
  PostgresSearchEngine: typeof PostgresSearchEngine;
};
const cluster = await startPostgres("pg_ab");
const engines = {
  this: new PostgresSearchEngine({ url: cluster.url, countCacheSize: 0 }),
  other: new other.PostgresSearchEngine({ url: cluster.url, countCacheSize: 0 }),
};
type Name = keyof typeof engines;
try {
  await engines.this.ensureIndex(benchSchema);
  const doc = makeGenerator(42);
  let n = 0;
  for (const upTo of [Math.min(10_000, size), size]) {
    await upsertBatches(
      engines.this,
      (function* () {
        while (n < upTo) {
          const b = [];
          for (let i = 0; i < 500 && n < upTo; i++) b.push(doc(++n));
          yield b;
        }
      })(),
    );
  }
  await engines.other.ensureIndex(benchSchema);
  const queries = makeQueries(queryCount, 7);
  for (const q of queries.slice(0, 50)) for (const e of Object.values(engines)) await e.search(q.query);
  const ms: Record<Name, number[]> = { this: [], other: [] };
  const kinds: Record<Name, Map<string, number[]>> = { this: new Map(), other: new Map() };
  console.log(`${size} documents loaded; searching from ${new Date().toISOString()}, load ${load()}`);
  for (let round = 0; round < 3; round++)
    for (const [i, q] of queries.entries()) {
      const order: Name[] = (i + round) % 2 === 0 ? ["this", "other"] : ["other", "this"];
      for (const name of order) {
        const t = performance.now();
        await engines[name].search(q.query);
        const d = performance.now() - t;
        ms[name].push(d);
        const k = kinds[name].get(q.category) ?? [];
        kinds[name].set(q.category, [...k, d]);
      }
    }
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!.toFixed(1);
  const line = (xs: number[]) => `p50 ${pct(xs, 50)} p95 ${pct(xs, 95)} p99 ${pct(xs, 99)}`;
  console.log(`until ${new Date().toISOString()}, load ${load()}; count cache off, ms:`);
  console.log(`this tree:  ${line(ms.this)}  (${ms.this.length} timings)`);
  console.log(`${otherTree}:  ${line(ms.other)}`);
  for (const k of [...kinds.this.keys()].sort())
    console.log(`  ${k}: this ${line(kinds.this.get(k)!)} | other ${line(kinds.other.get(k)!)}`);
} finally {
  for (const e of Object.values(engines)) await e.close();
  await closeSegmentPool();
  await cluster.stop();
}
