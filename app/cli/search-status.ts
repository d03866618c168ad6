// npm run search:status — which engine is configured, whether it answers, how
// many documents it holds, and the outbox backlog with its last error.
import { outboxStatus } from "../jobs/search-outbox.server.ts";
import { countIndexableCases, CONTENT_INDEX } from "../models/search-documents.server.ts";
import { getSearchEngine, type EngineHealth } from "../search/index.server.ts";
import { dbReady } from "../utils/db.server.ts";

async function main() {
  await dbReady();
  const engine = getSearchEngine();
  const [health, outbox, expected] = await Promise.all([
    engine.ensureIndex(CONTENT_INDEX).then(
      () => engine.health(),
      (e: unknown): EngineHealth => ({
        ok: false,
        engine: engine.name,
        detail: e instanceof Error ? e.message : String(e),
      }),
    ),
    outboxStatus(),
    countIndexableCases(),
  ]);
  const rows: [string, string][] = [
    ["engine", engine.name],
    [
      "reachable",
      health.ok ? (health.detail ? `yes (${health.detail})` : "yes") : `no (${health.detail ?? "unknown"})`,
    ],
    ["documents", health.documents != null ? String(health.documents) : "unknown"],
    ["visible cases in the database", String(expected)],
    ["pending outbox rows", String(outbox.pending)],
    ["rows retrying after errors", String(outbox.failing)],
    ["last error", outbox.lastError ?? "none"],
    ["next retry", outbox.nextRetryAt ? new Date(outbox.nextRetryAt).toISOString() : "—"],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  await engine.close?.();
  process.exit(health.ok ? 0 : 2);
}

main().catch((error) => {
  console.error(`Status failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
