// Applies the search outbox to the configured engine (DESIGN.md data flow 3).
// One process drains at a time (a named lease), in batches; documents are built
// from the database when they are applied, so the index converges on the latest
// state. A failed batch stays in the outbox with a backoff and its error; a
// process killed mid-drain leaves its rows to be applied after the lease expires.
// Users' writes never wait for any of this.
import { backoffMs } from "./queue.server.ts";
import { releaseLease, tryTakeLease } from "./lease.server.ts";
import { allCaseIds, allCommentIds, CONTENT_INDEX, searchDocumentsFor } from "~/models/search-documents.server.ts";
import { caseDocId, commentDocId, enqueueSearchDocs } from "~/models/search-outbox.server.ts";
import { getSearchEngine, type SearchEngine } from "~/search/index.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readStatement, storedInstant } from "~/utils/db-read.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { countInChunks } from "~/utils/chunked.ts";

export const DRAIN_LEASE = "search-outbox";
const LEASE_MS = 30_000;

const prepared = new WeakSet<SearchEngine>();
async function ready(engine: SearchEngine) {
  if (!prepared.has(engine)) {
    await engine.ensureIndex(CONTENT_INDEX);
    prepared.add(engine);
  }
}

export const REFILL_LEASE = "search-refill";
const REFILL_LEASE_MS = 10 * 60_000;

/**
 * An empty index while the database has visible cases is filled again through the outbox:
 * every indexable case and comment is queued. The embedded engine empties its index when
 * it was built differently (a new schema, a new segmenter dictionary: ADR 078), so an
 * upgrade ends in a full index without anyone running `npm run search:reindex`; a new
 * engine or a lost index file likewise. One node queues (the refill lease, kept for ten
 * minutes so the nodes starting together do not queue it again); the drain does the rest.
 * Called once a node's worker has drained what was due, so a fresh database's own first
 * rows are in the index by then. Returns how many documents were queued.
 */
export async function refillEmptyIndex(owner: string, engine: SearchEngine = getSearchEngine()): Promise<number> {
  await ready(engine);
  if ((await engine.count()) > 0) return 0;
  // On the read connection, like the drain's first read: no Prisma query in a node that only
  // serves pages (its compiler stays unloaded, issue 15.4).
  const visible = await readStatement(
    "SELECT 1 AS one FROM CaseStudy WHERE status = 'published' AND deletedAt IS NULL LIMIT 1",
  ).get();
  if (!visible) return 0;
  if (!(await tryTakeLease(REFILL_LEASE, owner, REFILL_LEASE_MS))) return 0;
  let queued = 0;
  for await (const ids of allCaseIds(500)) {
    await enqueueSearchDocs(prisma, ids.map(caseDocId));
    queued += ids.length;
  }
  for await (const ids of allCommentIds(1000)) {
    await enqueueSearchDocs(prisma, ids.map(commentDocId));
    queued += ids.length;
  }
  logger.warn({ queued }, "the search index was empty: every case and comment is queued for indexing");
  return queued;
}

export interface DrainResult {
  applied: number;
  failed: number;
  /** False when another process holds the drain lease. */
  ran: boolean;
}

export async function drainSearchOutbox(
  owner: string,
  opts: {
    engine?: SearchEngine;
    batch?: number;
    maxBatches?: number;
    now?: () => Date;
    /** True once the process is stopping: the batch in hand is finished, then the lease released. */
    stopping?: () => boolean;
  } = {},
): Promise<DrainResult> {
  const engine = opts.engine ?? getSearchEngine();
  const now = opts.now ?? (() => new Date());
  const result: DrainResult = { applied: 0, failed: 0, ran: false };
  // A cheap read first, on the read connection: an idle outbox costs no writes, and no Prisma
  // query (its compiler stays unloaded in a server that only serves pages, issue 15.4).
  const due = await readStatement("SELECT id FROM SearchOutbox WHERE availableAt <= ? LIMIT 1").get(
    storedInstant(now()),
  );
  if (!due) return result;
  if (!(await tryTakeLease(DRAIN_LEASE, owner, LEASE_MS, now()))) return result;
  result.ran = true;
  try {
    for (let i = 0; i < (opts.maxBatches ?? 50); i++) {
      const rows = await prisma.searchOutbox.findMany({
        where: { availableAt: { lte: now() } },
        orderBy: { id: "asc" },
        take: opts.batch ?? 100,
        select: { id: true, docId: true, attempts: true },
      });
      if (rows.length === 0) break;
      const ids = rows.map((r) => r.id);
      try {
        const docIds = [...new Set(rows.map((r) => r.docId))];
        const { upserts, deletes } = await searchDocumentsFor(docIds);
        await ready(engine);
        if (upserts.length) await engine.upsert(upserts);
        if (deletes.length) await engine.delete(deletes);
        await countInChunks(ids, (chunk) => prisma.searchOutbox.deleteMany({ where: { id: { in: chunk } } }));
        result.applied += rows.length;
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        logger.warn({ err: error, rows: rows.length }, "search outbox batch failed; will retry");
        const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
        await countInChunks(ids, (chunk) =>
          prisma.searchOutbox.updateMany({
            where: { id: { in: chunk } },
            data: {
              attempts: { increment: 1 },
              lastError: message.slice(0, 500),
              availableAt: new Date(now().getTime() + backoffMs(attempts)),
            },
          }),
        );
        result.failed += rows.length;
        break;
      }
      if (opts.stopping?.()) break;
      // Keep the lease while there is work.
      if (!(await tryTakeLease(DRAIN_LEASE, owner, LEASE_MS, now()))) break;
    }
  } finally {
    await releaseLease(DRAIN_LEASE, owner);
  }
  return result;
}

export async function outboxStatus() {
  const [pending, failing, last] = await Promise.all([
    prisma.searchOutbox.count(),
    prisma.searchOutbox.count({ where: { attempts: { gt: 0 } } }),
    prisma.searchOutbox.findFirst({
      where: { lastError: { not: null } },
      orderBy: { id: "desc" },
      select: { lastError: true, attempts: true, availableAt: true },
    }),
  ]);
  return { pending, failing, lastError: last?.lastError ?? null, nextRetryAt: last?.availableAt ?? null };
}
