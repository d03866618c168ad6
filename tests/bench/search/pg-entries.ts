// npx tsx tests/bench/search/pg-entries.ts [cases] [rounds]
// The PostgreSQL engine's index entries on this thread (segmentation included, as the workers
// do it): CPU ms per 1,000 bench cases, best of `rounds`, jieba's cut apart. Runs on a tree without documentEntries
// too (segmentChunk, then tsvectorEntries), so a copy of main can be measured beside it.
import * as segment from "~/search/segment.ts";
import * as tsvector from "~/search/tsvector.ts";
import { makeGenerator } from "./generate.ts";
import { benchSchema } from "./schema.ts";

const cases = Number(process.argv[2] ?? 3000);
const rounds = Number(process.argv[3] ?? 5);
const doc = makeGenerator(42);
const docs = Array.from({ length: cases }, (_, i) => {
  const d = doc(i + 1);
  return benchSchema.searchable.map((f) => {
    const v = d.fields[f];
    return Array.isArray(v) ? v.join(" ") : String(v ?? "");
  });
});
const opts = { inHead: [true, true, true, false], phrases: [] as Array<[string, string[][]]> };
const memo = tsvector.lexemeMemo();
const fused = (tsvector as { documentEntries?: (...a: unknown[]) => unknown[] }).documentEntries;
// jieba's cuts made once: what is measured is the work around them (both paths cut the same).
const cuts = new Map<string, string[]>();
const jieba = (segment as unknown as { cutForIndex: (t: string) => string[] }).cutForIndex;
const cached = (t: string) => cuts.get(t) ?? cuts.set(t, jieba(t)).get(t)!;
const entries = () => {
  for (let k = 0; k < docs.length; k += 50) {
    const chunk = docs.slice(k, k + 50);
    if (fused) fused(cached, segment.fold, chunk, opts, memo);
    else tsvector.tsvectorEntries(segment.segmentChunk(cached, segment.fold, chunk).texts, opts, memo);
  }
};
const jiebaOnly = () => {
  for (const fields of docs) for (const f of fields) if (segment.HAN.test(f)) jieba(segment.fold(f));
};
entries();
const segmented = () => {
  for (let k = 0; k < docs.length; k += 50) segment.segmentChunk(cached, segment.fold, docs.slice(k, k + 50));
};
for (const [name, run] of [
  ["entries after jieba's cut", entries],
  ["the embedded engine's segmentChunk after jieba's cut", segmented],
  ["jieba's cut", jiebaOnly],
] as const) {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    // Thread CPU, not wall time: the machine's other work changes the wall clock a lot.
    const t = process.cpuUsage();
    run();
    const u = process.cpuUsage(t);
    best = Math.min(best, (u.user + u.system) / 1000);
  }
  console.log(
    `${name}: ${((best / cases) * 1000).toFixed(1)} ms per 1,000 cases (${fused ? "documentEntries" : "segmentChunk + tsvectorEntries"})`,
  );
}
