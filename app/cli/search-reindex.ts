// npm run search:reindex — rebuilds the search index from the database (the
// source of truth): applies the index settings first, then loads every visible
// case in batches, with a progress bar (two batches in flight: app/search/bulk.ts).
// Safe while the app runs: the outbox keeps collecting changes and the drainer
// applies them afterwards.
import {
  CONTENT_INDEX,
  allCaseIds,
  allCommentIds,
  caseSearchDocuments,
  commentSearchDocuments,
  countIndexableCases,
} from "../models/search-documents.server.ts";
import { upsertBatches } from "../search/bulk.ts";
import { getSearchEngine } from "../search/index.server.ts";
import { dbReady } from "../utils/db.server.ts";
import { progressBar } from "./progress.ts";

async function main() {
  await dbReady();
  const engine = getSearchEngine();
  console.log(`Engine: ${engine.name}`);
  await engine.ensureIndex(CONTENT_INDEX);
  await engine.clear();
  const total = await countIndexableCases();
  const bar = progressBar("Indexing cases", total);
  let done = 0;
  // The next batch is read from the database (and segmented) while the previous one is written.
  async function* cases() {
    for await (const ids of allCaseIds(200)) yield (await caseSearchDocuments(ids)).upserts;
  }
  await upsertBatches(engine, cases(), { onBatch: (n) => bar.update((done += n)) });
  bar.done(done);
  // Discussions: comments on visible cases, under their case's title.
  async function* comments() {
    for await (const ids of allCommentIds(500)) yield (await commentSearchDocuments(ids)).upserts;
  }
  const discussions = await upsertBatches(engine, comments());
  console.log(
    `Indexed ${done} case studies and ${discussions} discussion comments; the index now holds ${await engine.count()} documents.`,
  );
  const cached = await engine.warm?.();
  if (cached) console.log(`Warmed ${cached} cached match sets.`);
  await engine.close?.();
}

main().catch((error) => {
  console.error(`Reindex failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  process.exit(1);
});
