// npx tsx tests/bench/search/pg-slow-queries.ts [SIZE=100000] [QUERIES=300] [TOP=8] [WATCH…]
// Which of the bench's queries make the PostgreSQL engine's p95 at 100,000 cases, and why
// (issue 14.6): loads the bench's documents as `npm run bench:search -- --engine postgres` does
// (10,000, then the rest into the non-empty index), runs the query mix three times with the
// count cache off, and for the TOP slowest queries prints each round's time, every statement the
// engine sent with its time, EXPLAIN (ANALYZE, BUFFERS) of the slowest statement three times on
// one of the engine's own sessions (its settings), and that statement timed on the engine's
// sessions and on a session with the server's defaults (how ADR 084's JIT compiles were found).
// Also each kind's p50/p95 and statements per query, and the rounds of every query whose JSON
// contains one of the WATCH strings (a query once among the slowest: did it leave the tail?).
// Writes nothing. Run under the heavy lock (a 100,000-case load: about a minute here).
import os from "node:os";
import pg from "pg";
import { upsertBatches } from "~/search/bulk.ts";
import { PostgresSearchEngine } from "~/search/postgres.server.ts";
import { closeSegmentPool } from "~/search/segment-pool.server.ts";
import { createPgPool } from "~/utils/pg-adapter.ts";
import { startPostgres } from "../../helpers/postgres.ts";
import { makeGenerator } from "./generate.ts";
import { makeQueries } from "./queries.ts";
import { benchSchema } from "./schema.ts";

const size = Number(process.argv[2] ?? 100_000);
const queryCount = Number(process.argv[3] ?? 300);
const top = Number(process.argv[4] ?? 8);
const watch = process.argv.slice(5);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

// Every statement a search sends, with its parameters and time (the engine's pool is node-postgres's).
type Sent = { text: string; values: unknown[]; ms: number };
let capture: Sent[] | null = null;
const original = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...a: unknown[]) {
  const into = capture;
  if (into && typeof a[0] === "string") {
    const sent: Sent = { text: a[0], values: Array.isArray(a[1]) ? a[1] : [], ms: NaN };
    into.push(sent);
    const t = performance.now();
    // The pool calls with a callback; a session's own statements return a promise.
    const cb = a.findIndex((x) => typeof x === "function");
    if (cb >= 0) {
      const done = a[cb] as (...r: unknown[]) => void;
      a[cb] = (...r: unknown[]) => {
        sent.ms = performance.now() - t;
        done(...r);
      };
    }
    const r = original.apply(this, a);
    if (r instanceof Promise)
      void r.then(
        () => (sent.ms = performance.now() - t),
        () => {},
      );
    return r;
  }
  return original.apply(this, a);
};

const cluster = await startPostgres("slow_queries");
const engine = new PostgresSearchEngine({ url: cluster.url, countCacheSize: 0 });
const admin = createPgPool(cluster.url);
try {
  await engine.ensureIndex(benchSchema);
  const doc = makeGenerator(42);
  let n = 0;
  for (const upTo of [Math.min(10_000, size), size]) {
    const t = performance.now();
    const from = n;
    await upsertBatches(
      engine,
      (function* () {
        while (n < upTo) {
          const b = [];
          for (let i = 0; i < 500 && n < upTo; i++) b.push(doc(++n));
          yield b;
        }
      })(),
    );
    console.log(`loaded ${from}–${upTo} in ${((performance.now() - t) / 1000).toFixed(1)} s; load ${load()}`);
  }
  const queries = makeQueries(queryCount, 7);
  for (const q of queries.slice(0, 50)) await engine.search(q.query);
  const runs = queries.map(() => ({ ms: [] as number[], sent: [] as Sent[] }));
  const all: number[] = [];
  for (let round = 0; round < 3; round++)
    for (const [i, q] of queries.entries()) {
      capture = round === 0 ? runs[i]!.sent : null;
      const t = performance.now();
      await engine.search(q.query);
      const ms = performance.now() - t;
      capture = null;
      runs[i]!.ms.push(ms);
      all.push(ms);
    }
  all.sort((a, b) => a - b);
  const pct = (p: number) => all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))]!;
  console.log(
    `\n${queries.length} queries × 3 rounds, count cache off: p50 ${pct(50).toFixed(1)} p95 ${pct(95).toFixed(1)} p99 ${pct(99).toFixed(1)} ms; ` +
      `${all.filter((x) => x > pct(95)).length} timings above p95; load ${load()}`,
  );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  const order = runs.map((r, i) => ({ ...r, q: queries[i]! })).sort((a, b) => median(b.ms) - median(a.ms));
  // How much of the time above p95 each kind holds.
  const kinds = new Map<string, number>();
  for (const r of order)
    for (const ms of r.ms) if (ms > pct(95)) kinds.set(r.q.category, (kinds.get(r.q.category) ?? 0) + 1);
  console.log(`timings above p95 by kind: ${[...kinds].map(([k, v]) => `${k} ${v}`).join(", ")}`);
  // Each kind's own percentiles and statements per query (first round): where a change moved the tail.
  const byKind = new Map<string, { ms: number[]; statements: number; queries: number }>();
  for (const r of order) {
    // Sorted pages apart: a sampled one is read again from the sort key's index (ADR 059).
    const kind = r.q.category + (r.q.query.sort && r.q.query.sort !== "relevance" ? ", sorted" : "");
    const k = byKind.get(kind) ?? { ms: [], statements: 0, queries: 0 };
    k.ms.push(...r.ms);
    k.statements += r.sent.length;
    k.queries++;
    byKind.set(kind, k);
  }
  for (const [kind, k] of [...byKind].sort((a, b) => a[0].localeCompare(b[0]))) {
    const ms = [...k.ms].sort((a, b) => a - b);
    const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))]!.toFixed(1);
    console.log(
      `  ${kind}: ${k.queries} queries, p50 ${at(50)} p95 ${at(95)} ms, ${(k.statements / k.queries).toFixed(1)} statements a query`,
    );
  }
  for (const r of order.filter((x) => watch.some((w) => JSON.stringify(x.q.query).includes(w))))
    console.log(`watched: ${JSON.stringify(r.q.query)} — rounds ${r.ms.map((x) => x.toFixed(1)).join(" / ")} ms`);
  // Statements priced above jit_above_cost: where the server has JIT and `jit` is on, compiled by
  // LLVM on every run (ADR 084). Their EXPLAIN on an engine session (plans only, nothing runs).
  const enginePool = (engine as unknown as { pool: pg.Pool }).pool;
  const threshold = Number(
    (await admin.query<{ jit_above_cost: string }>("SHOW jit_above_cost")).rows[0]!.jit_above_cost,
  );
  const over = { statements: 0, of: 0, ms: 0, allMs: 0, kinds: new Map<string, number>() };
  const probe = await enginePool.connect();
  try {
    for (const [i, r] of runs.entries())
      for (const sent of r.sent) {
        if (!/^\s*(WITH|SELECT)/i.test(sent.text)) continue;
        over.of++;
        over.allMs += sent.ms;
        const e = await probe.query<{ "QUERY PLAN": Array<{ Plan: { "Total Cost": number } }> }>(
          `EXPLAIN (FORMAT JSON) ${sent.text}`,
          sent.values,
        );
        if (e.rows[0]!["QUERY PLAN"][0]!.Plan["Total Cost"] <= threshold) continue;
        over.statements++;
        over.ms += sent.ms;
        const kind = queries[i]!.category;
        over.kinds.set(kind, (over.kinds.get(kind) ?? 0) + 1);
      }
  } finally {
    probe.release();
  }
  const jit = (
    await admin.query<{ jit: string; ok: boolean }>("SELECT current_setting('jit') AS jit, pg_jit_available() AS ok")
  ).rows[0]!;
  console.log(
    `statements priced above jit_above_cost (${threshold}): ${over.statements} of ${over.of} (first round), ` +
      `${over.ms.toFixed(0)} of ${over.allMs.toFixed(0)} ms; server jit=${jit.jit}, JIT available ${jit.ok}; ` +
      `by kind: ${[...over.kinds].map(([k, v]) => `${k} ${v}`).join(", ")}`,
  );
  // A plan's shape: its nodes and conditions, without what varies from run to run.
  const shape = (plan: string[]) =>
    plan
      .filter(
        (l) =>
          !/Buffers|Time|Timing|Memory|Batches|Heap Blocks|Rows Removed|Workers Launched|JIT|Functions|Options|Planning/.test(
            l,
          ),
      )
      .map((l) => l.replace(/\(.*?\)/g, "").replace(/\d+(\.\d+)?/g, "#"))
      .join("\n");
  for (const r of order.slice(0, top)) {
    console.log(
      `\n## ${r.q.category}: ${JSON.stringify(r.q.query)} — rounds ${r.ms.map((x) => x.toFixed(1)).join(" / ")} ms`,
    );
    for (const s of r.sent)
      console.log(`   ${s.ms.toFixed(1).padStart(6)} ms  ${s.text.replace(/\s+/g, " ").slice(0, 110)}`);
    const slowest = [...r.sent].sort((a, b) => b.ms - a.ms)[0];
    if (!slowest || !/^\s*(WITH|SELECT)/i.test(slowest.text)) continue;
    // EXPLAIN on one of the engine's own sessions (its settings: ADR 055, ADR 084), three times.
    const session = await enginePool.connect();
    const shapes: string[] = [];
    try {
      for (let k = 0; k < 3; k++) {
        const e = await session.query<{ "QUERY PLAN": string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${slowest.text}`,
          slowest.values,
        );
        const plan = e.rows.map((x) => x["QUERY PLAN"]);
        shapes.push(shape(plan));
        if (k === 0) console.log(plan.map((l) => `      ${l}`).join("\n"));
        else console.log(`      run ${k + 1}: ${plan.filter((l) => /Time|JIT|Timing/.test(l)).join("; ")}`);
      }
    } finally {
      session.release();
    }
    console.log(`      plan shape the same in all three: ${shapes.every((x) => x === shapes[0])}`);
    // The statement itself, timed from here: on the engine's sessions and on one with the server's defaults.
    for (const [label, pool] of [
      ["the engine's sessions", enginePool],
      ["a session with the server's defaults", admin],
    ] as const) {
      const times: string[] = [];
      for (let k = 0; k < 3; k++) {
        const t = performance.now();
        await pool.query(slowest.text, slowest.values);
        times.push((performance.now() - t).toFixed(1));
      }
      console.log(`      on ${label}: ${times.join(" / ")} ms`);
    }
  }
} finally {
  await engine.close();
  await admin.end();
  await closeSegmentPool();
  await cluster.stop();
}
