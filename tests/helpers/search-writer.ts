// One process writing to the embedded search index, for
// tests/integration/search-two-writers.test.ts: SEARCH_FILE is the shared
// database, WRITER names the documents. Prints "ok <n>" or the error.
import { contractDocs, contractSchema } from "../../app/search/contract.fixtures.ts";
import { closeSegmentPool } from "../../app/search/segment-pool.server.ts";
import { SqliteFtsEngine } from "../../app/search/sqlite-fts.server.ts";

const engine = new SqliteFtsEngine({ file: process.env.SEARCH_FILE!, segmentWorkers: 0 });
const writer = process.env.WRITER ?? "w";
let n = 0;
try {
  await engine.ensureIndex(contractSchema);
  const deadline = Date.now() + Number(process.env.WRITE_MS ?? 4000);
  while (Date.now() < deadline) {
    const docs = contractDocs.slice(0, 3).map((d, i) => ({ ...d, id: `${writer}-${n}-${i}` }));
    await engine.upsert(docs);
    await engine.delete([`${writer}-${n}-0`]);
    n += 1;
  }
  process.stdout.write(`ok ${n}\n`);
} catch (error) {
  process.stdout.write(`error ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await engine.close();
  await closeSegmentPool();
}
