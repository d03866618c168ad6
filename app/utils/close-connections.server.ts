// What a stopping server closes after its last request: the search engines, the rate
// limiter's store, then the database, Prisma's connection last (closing it checkpoints
// the write-ahead log into app.db, so a cleanly stopped server leaves a complete file).
// server/serve.ts reaches it through the build's entry (entry.server.tsx), so the start
// bundle carries no copy of the database modules (issue 15.4: one Prisma client).
import { closeSearchEngines } from "~/search/index.server.ts";
import { closeDatabase } from "./db.server.ts";
import { closeRateLimitStore } from "./rate-limit.server.ts";

export async function closeConnections(): Promise<void> {
  await closeSearchEngines();
  closeRateLimitStore();
  await closeDatabase();
}
