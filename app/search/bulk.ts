// Bulk loads (search:reindex, the benchmark): batches are handed to the engine
// without waiting for the previous one to be written, up to `inFlight` at a time.
// The embedded engine segments a batch in worker threads as soon as it gets it and
// writes batches in call order, so producing batch n+1 (database reads),
// segmenting it and writing batch n overlap. Meant for batches of distinct
// documents: an engine may apply overlapping batches in any order it documents.
import type { SearchDocument, SearchEngine } from "./port.ts";

export async function upsertBatches(
  engine: SearchEngine,
  batches: AsyncIterable<SearchDocument[]> | Iterable<SearchDocument[]>,
  opts: { inFlight?: number; onBatch?: (docs: number) => void } = {},
): Promise<number> {
  const inFlight = Math.max(1, opts.inFlight ?? 2);
  const pending: Array<Promise<void>> = [];
  let total = 0;
  // The engine may defer its index work to the end of the load (ADR 059).
  await engine.beginBulk?.();
  try {
    for await (const docs of batches) {
      if (docs.length === 0) continue;
      pending.push(engine.upsert(docs).then(() => opts.onBatch?.(docs.length)));
      total += docs.length;
      if (pending.length >= inFlight) await pending.shift();
    }
  } finally {
    // Never leave a rejected upsert unobserved; the first failure is rethrown below.
    await Promise.allSettled(pending);
    await engine.endBulk?.();
  }
  await Promise.all(pending);
  return total;
}
