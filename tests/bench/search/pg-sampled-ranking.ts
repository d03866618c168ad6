// npx tsx tests/bench/search/pg-sampled-ranking.ts [SIZE=100000] [QUERIES=150]
// How good page 1 is when the PostgreSQL engine ranks a sample (ADR 059): a query expected to
// match more than ~2,000 cases is ranked within about 2,000 of them. For every relevance-sorted
// query of the bench's mix that the engine answered from a sample, page 1 (10 hits) is compared
// with the exact ranking of every match (the same engine with a sample larger than the index):
// recall@10 (how many of the exact top 10 are on the sampled page 1), how many of the sampled
// page's hits are in the exact top 100, and an nDCG@10 whose gains come from the exact rank
// (3 in the exact top 10, 2 in the top 50, 1 in the top 100, 0 beyond). Prints a Markdown
// table; writes nothing. Run under the heavy lock (a 100,000-case load and full rankings).
import os from "node:os";
import { upsertBatches } from "~/search/bulk.ts";
import type { SearchQuery } from "~/search/port.ts";
import { PostgresSearchEngine } from "~/search/postgres.server.ts";
import { closeSegmentPool } from "~/search/segment-pool.server.ts";
import { startPostgres } from "../../helpers/postgres.ts";
import { makeGenerator } from "./generate.ts";
import { makeQueries } from "./queries.ts";
import { benchSchema } from "./schema.ts";

const schema = benchSchema;
const size = Number(process.argv[2] ?? 100_000);
const queryCount = Number(process.argv[3] ?? 150);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

const cluster = await startPostgres("ranking");
const sampled = new PostgresSearchEngine({ url: cluster.url, countCacheSize: 0 });
// A sample larger than the index: every match is visited and ranked (the exact path of ADR 059).
const exact = new PostgresSearchEngine({ url: cluster.url, countCacheSize: 0, sampleSize: 10 * size });
try {
  await sampled.ensureIndex(schema);
  await exact.ensureIndex(schema);
  const doc = makeGenerator(42);
  let n = 0;
  function* batches() {
    while (n < size) {
      const batch = [];
      for (let i = 0; i < 500 && n < size; i++) batch.push(doc(++n));
      yield batch;
    }
  }
  const t = performance.now();
  await upsertBatches(sampled, batches());
  console.log(
    `loaded ${size.toLocaleString("en-US")} in ${((performance.now() - t) / 1000).toFixed(1)} s; load ${load()}`,
  );

  const gain = (rank: number) => (rank < 10 ? 3 : rank < 50 ? 2 : rank < 100 ? 1 : 0);
  const dcg = (gains: number[]) => gains.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  const ideal = dcg(Array(10).fill(3));
  const rows: Array<{ category: string; q: string; total: number; recall: number; in100: number; ndcg: number }> = [];
  let exactMs = 0;
  let sampledMs = 0;
  for (const { category, query } of makeQueries(queryCount, 7)) {
    if (query.sort !== "relevance" || !query.q) continue;
    // Page 1 of 10 (what a reader sees first); the exact ranking's first 100.
    const q: SearchQuery = { ...query, page: 1, perPage: 10, facets: [], highlight: false };
    let t0 = performance.now();
    const s = await sampled.search(q);
    sampledMs += performance.now() - t0;
    if (s.totalExact) continue;
    t0 = performance.now();
    const e = await exact.search({ ...q, perPage: 100 });
    exactMs += performance.now() - t0;
    const rank = new Map(e.hits.map((h, i) => [h.id, i]));
    const top10 = new Set(e.hits.slice(0, 10).map((h) => h.id));
    const ids = s.hits.map((h) => h.id);
    rows.push({
      category: category.replace(/ \+filters$/, ""),
      q: query.q,
      total: e.total,
      recall: ids.filter((id) => top10.has(id)).length / Math.min(10, e.hits.length),
      in100: ids.filter((id) => rank.has(id)).length / Math.max(1, ids.length),
      ndcg: dcg(ids.map((id) => gain(rank.get(id) ?? 1000))) / ideal,
    });
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const f = (x: number) => x.toFixed(3);
  const lines = [
    `${size.toLocaleString("en-US")} cases, ${rows.length} sampled relevance queries of ${queryCount} (page 1 of 10); ` +
      `mean ms per query: sampled ${(sampledMs / Math.max(1, rows.length)).toFixed(1)} (all queries), exact ${(exactMs / Math.max(1, rows.length)).toFixed(1)}; load ${load()}`,
    "",
    "| kind | queries | mean matches | recall@10 | in exact top 100 | nDCG@10 (exact-rank gains) |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  const kinds = [...new Set(rows.map((r) => r.category))];
  for (const k of [...kinds, "all"]) {
    const rs = k === "all" ? rows : rows.filter((r) => r.category === k);
    lines.push(
      `| ${k} | ${rs.length} | ${Math.round(mean(rs.map((r) => r.total))).toLocaleString("en-US")} | ${f(mean(rs.map((r) => r.recall)))} | ${f(mean(rs.map((r) => r.in100)))} | ${f(mean(rs.map((r) => r.ndcg)))} |`,
    );
  }
  console.log(`\n${lines.join("\n")}\n`);
} finally {
  await sampled.close();
  await exact.close();
  await closeSegmentPool();
  await cluster.stop();
}
