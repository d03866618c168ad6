// What /readyz reports to a load balancer and /metrics to Prometheus about the shared
// state: the database answers, every migration in this build is applied, the search
// engine answers, and background work (jobs, search changes) is not falling behind.
// Read-only; the figures come from the database, so every node reports the same queue.
// On the read connection (ADR 066): a load balancer asks /readyz every few seconds and
// Prometheus scrapes /metrics, and through Prisma either loaded its query compiler (~35 MiB
// for the life of the process) in a node that otherwise only serves pages (issue 15.4).
import fs from "node:fs";
import path from "node:path";
import { databaseProvider, prismaPaths } from "~/utils/database-url.ts";
import { readDate, readStatement, storedInstant } from "~/utils/db-read.server.ts";
import { env } from "~/utils/env.server.ts";
import { registerScrapedGauge } from "~/utils/metrics.server.ts";
import {
  classifyMigrations,
  committedMigrationNames,
  type MigrationRow,
  type MigrationState,
} from "~/utils/migrations.server.ts";
import { getSearchIndex } from "~/search/index.server.ts";
import { CONTENT_INDEX } from "./search-documents.server.ts";

export interface ReadinessCheck {
  ok: boolean;
  /** For the operator's log and `npm run` tools; never sent to HTTP clients. */
  detail?: string;
}

export interface Readiness {
  ok: boolean;
  checks: Record<"database" | "migrations" | "search" | "jobs" | "searchOutbox", ReadinessCheck>;
}

let migrationsInBuild: string[] | undefined;

/** How the database's migrations compare with the ones this build ships (same rules as the start-up check). */
export async function migrationStatus(): Promise<MigrationState> {
  const dir = path.resolve(prismaPaths(databaseProvider()).migrations);
  migrationsInBuild ??= fs.existsSync(dir) ? committedMigrationNames(dir) : [];
  const rows = (await readStatement(
    "SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations",
  ).all()) as MigrationRow[];
  return classifyMigrations(rows, migrationsInBuild);
}

/** Seconds the oldest due, unclaimed job has waited (0 when none waits). */
export async function oldestDueJobSeconds(now = new Date()): Promise<number> {
  const oldest = (await readStatement(
    "SELECT runAt FROM Job WHERE status = 'queued' AND runAt <= ? ORDER BY runAt LIMIT 1",
  ).get(storedInstant(now))) as { runAt: string } | undefined;
  return oldest ? Math.max(0, (now.getTime() - readDate(oldest.runAt)!.getTime()) / 1000) : 0;
}

/** Seconds the oldest available search change has waited to reach the index (0 when none). */
export async function searchOutboxLagSeconds(now = new Date()): Promise<number> {
  const oldest = (await readStatement(
    "SELECT availableAt FROM SearchOutbox WHERE availableAt <= ? ORDER BY availableAt LIMIT 1",
  ).get(storedInstant(now))) as { availableAt: string } | undefined;
  return oldest ? Math.max(0, (now.getTime() - readDate(oldest.availableAt)!.getTime()) / 1000) : 0;
}

async function check(run: () => Promise<ReadinessCheck>): Promise<ReadinessCheck> {
  try {
    return await run();
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

export async function readiness(maxLagSeconds = env().READY_MAX_LAG_SECONDS): Promise<Readiness> {
  const database = await check(async () => {
    await readStatement("SELECT 1 AS ok").get();
    return { ok: true };
  });
  // Without a database the rest cannot be read; say so once instead of four times.
  const skipped = { ok: false, detail: "database unreachable" };
  const lag = (seconds: number): ReadinessCheck =>
    seconds <= maxLagSeconds
      ? { ok: true }
      : { ok: false, detail: `oldest waited ${Math.round(seconds)} s (limit ${maxLagSeconds} s)` };
  const [migrations, jobs, searchOutbox, search] = await Promise.all([
    database.ok
      ? check(async () => {
          const { pending, failed, unknown } = await migrationStatus();
          if (failed.length) return { ok: false, detail: `failed half-way: ${failed.join(", ")}` };
          if (unknown.length) return { ok: false, detail: `newer than this build: ${unknown.join(", ")}` };
          return pending.length === 0
            ? { ok: true }
            : { ok: false, detail: `not applied: ${pending.join(", ")} (run npm run db:migrate)` };
        })
      : skipped,
    database.ok ? check(async () => lag(await oldestDueJobSeconds())) : skipped,
    database.ok ? check(async () => lag(await searchOutboxLagSeconds())) : skipped,
    check(async () => {
      // The index with its settings applied, as searches use it (a fresh engine has no tables yet).
      const h = await (await getSearchIndex(CONTENT_INDEX)).health();
      return h.ok ? { ok: true } : { ok: false, detail: `${h.engine}: ${h.detail ?? "not answering"}` };
    }),
  ]);
  const checks = { database, migrations, search, jobs, searchOutbox };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}

registerScrapedGauge(
  "bee_jobs_queued",
  "Jobs waiting to run, by kind",
  async () => {
    const rows = (await readStatement(
      "SELECT kind, count(*) AS n FROM Job WHERE status = 'queued' GROUP BY kind",
    ).all()) as Array<{
      kind: string;
      n: number;
    }>;
    return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  },
  "kind",
);
registerScrapedGauge("bee_job_oldest_due_seconds", "Seconds the oldest due job has waited", () =>
  oldestDueJobSeconds(),
);
registerScrapedGauge(
  "bee_search_outbox_pending",
  "Search changes not yet in the index",
  async () => ((await readStatement("SELECT count(*) AS n FROM SearchOutbox").get()) as { n: number }).n,
);
registerScrapedGauge("bee_search_outbox_lag_seconds", "Seconds the oldest search change has waited", () =>
  searchOutboxLagSeconds(),
);
