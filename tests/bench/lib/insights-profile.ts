// Times every statement the dashboard runs (issue 11 point 7: "profile which
// aggregate costs"), on a database made by insights-data.ts:
//
//   DATABASE_URL=file:/tmp/x/app.db DATA_DIR=/tmp/x node --import tsx tests/bench/lib/insights-profile.ts [runs]
//
// Wraps better-sqlite3's Statement#all/#get, runs await loadInsights() `runs` times
// (default 20) on a warm connection and prints each statement's median time,
// slowest first, with the whole call's median and p95.
import Database from "better-sqlite3";
import { loadInsights } from "../../../app/models/insights.server.ts";
import { defaultRange } from "../../../app/models/insights-range.ts";

const runs = Number(process.argv[2] ?? 20);
const probe = new Database(":memory:");
const Statement = Object.getPrototypeOf(probe.prepare("SELECT 1")) as {
  all: (...a: unknown[]) => unknown;
  get: (...a: unknown[]) => unknown;
  source: string;
};
probe.close();
const timings = new Map<string, number[]>();
for (const method of ["all", "get"] as const) {
  const original = Statement[method];
  Statement[method] = function (this: { source: string }, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const key = this.source.replace(/\s+/g, " ").slice(0, 110);
      const list = timings.get(key) ?? [];
      list.push(performance.now() - t0);
      timings.set(key, list);
    }
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = defaultRange();
await loadInsights(range); // warm: prepare statements, fill the page cache
timings.clear();
const totals: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  await loadInsights(range);
  totals.push(performance.now() - t0);
}
const rows = [...timings].map(([sql, ts]) => ({
  sql,
  calls: ts.length / runs,
  medianMs: median(ts),
  perRunMs: ts.reduce((a, b) => a + b, 0) / runs,
}));
rows.sort((a, b) => b.perRunMs - a.perRunMs);
for (const r of rows) console.log(`${r.perRunMs.toFixed(2).padStart(8)} ms/run  ×${r.calls}  ${r.sql}`);
totals.sort((a, b) => a - b);
console.log(
  `loadInsights: median ${median(totals).toFixed(1)} ms, p95 ${totals[Math.ceil(0.95 * totals.length) - 1]!.toFixed(1)} ms over ${runs} runs`,
);
