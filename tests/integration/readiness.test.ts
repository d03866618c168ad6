// What /readyz reports, on a real migrated database: ready, then each way of not being.
import { describe, expect, it } from "vitest";
import { prisma, sqlFor } from "~/utils/db.server.ts";
import { readiness } from "~/models/health.server.ts";
import { metrics } from "~/utils/metrics.server.ts";
import { sqlProvider } from "~/utils/sql-dialect.ts";

describe("readiness", () => {
  it("is ready on a migrated database with nothing waiting", async () => {
    const r = await readiness(300);
    expect(r.checks).toMatchObject({
      database: { ok: true },
      migrations: { ok: true },
      search: { ok: true },
      jobs: { ok: true },
      searchOutbox: { ok: true },
    });
    expect(r.ok).toBe(true);
  });

  it("is not ready while a migration of this build is not applied, and names it", async () => {
    const [row] = await prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
      "SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1",
    );
    const last = row!;
    await prisma.$executeRawUnsafe(
      sqlFor("UPDATE _prisma_migrations SET rolled_back_at = finished_at WHERE migration_name = ?"),
      last.migration_name,
    );
    try {
      const r = await readiness(300);
      expect(r.ok).toBe(false);
      expect(r.checks.migrations.detail).toContain(last.migration_name);
      expect(r.checks.migrations.detail).toContain("npm run db:migrate");
    } finally {
      await prisma.$executeRawUnsafe(
        sqlFor("UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = ?"),
        last.migration_name,
      );
    }
  });

  it("is not ready on a database a newer build migrated, or with a migration that failed half-way", async () => {
    // The same rules as the start-up check (classifyMigrations): a probe must not call such a node ready.
    await prisma.$executeRawUnsafe(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('t-newer', 'x', '29991231000000_from_the_future', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
    );
    try {
      const r = await readiness(300);
      expect(r.ok).toBe(false);
      expect(r.checks.migrations.detail).toContain("newer than this build: 29991231000000_from_the_future");
      await prisma.$executeRawUnsafe("UPDATE _prisma_migrations SET finished_at = NULL WHERE id = 't-newer'");
      const failed = await readiness(300);
      expect(failed.checks.migrations).toEqual({
        ok: false,
        detail: "failed half-way: 29991231000000_from_the_future",
      });
    } finally {
      await prisma.$executeRawUnsafe("DELETE FROM _prisma_migrations WHERE id = 't-newer'");
    }
  });

  it("is not ready when due jobs or search changes wait longer than the limit; metrics show both", async () => {
    const old = new Date(Date.now() - 600_000);
    const job = await prisma.job.create({ data: { kind: "test-lag", payload: "{}", runAt: old } });
    const change = await prisma.searchOutbox.create({ data: { docId: "case-lag", availableAt: old } });
    try {
      const r = await readiness(300);
      expect(r.ok).toBe(false);
      expect(r.checks.jobs.ok).toBe(false);
      expect(r.checks.searchOutbox.ok).toBe(false);
      expect(r.checks.jobs.detail).toMatch(/oldest waited 6\d\d s \(limit 300 s\)/);
      expect((await readiness(3600)).ok).toBe(true);

      const text = await metrics.registry.metrics();
      expect(text).toMatch(/bee_jobs_queued\{kind="test-lag"\} 1/);
      expect(text).toMatch(/bee_search_outbox_pending [1-9]/);
      expect(text).toMatch(/bee_job_oldest_due_seconds 6\d\d/);
      expect(text).toMatch(/bee_search_outbox_lag_seconds 6\d\d/);
    } finally {
      await prisma.job.delete({ where: { id: job.id } });
      await prisma.searchOutbox.delete({ where: { id: change.id } });
    }
  });

  it("metrics time every search by engine (issue 14 point 4: search latency)", async () => {
    const { searchCases } = await import("~/models/search.server.ts");
    const { parseSearchParams } = await import("~/models/search-params.ts");
    const count = async () => {
      const text = await metrics.registry.metrics();
      const m = /bee_search_duration_seconds_count\{engine="(\w+)",kind="search"\} (\d+)/.exec(text);
      return m ? { engine: m[1], n: Number(m[2]) } : { engine: null, n: 0 };
    };
    const before = await count();
    const outcome = await searchCases(parseSearchParams(new URLSearchParams("q=海外仓")), "zh-CN");
    expect(outcome.ok).toBe(true);
    const after = await count();
    expect(after.engine).toBe(sqlProvider() === "postgresql" ? "postgres" : "embedded");
    expect(after.n).toBe(before.n + 1);
  });

  // PostgreSQL only, deliberately: SQLite runs one writer at a time (BEGIN IMMEDIATE), so two
  // transactions never conflict there, and this test's barrier would wait for ever.
  it.skipIf(sqlProvider() !== "postgresql")(
    "metrics count the transactions PostgreSQL refused and ran again (SERIALIZABLE conflicts)",
    async () => {
      const retries = async () => {
        const text = await metrics.registry.metrics();
        return Number(/bee_db_transaction_retries_total\{reason="conflict"\} (\d+)/.exec(text)?.[1] ?? 0);
      };
      const job = await prisma.job.create({ data: { kind: "test-conflict", payload: "0" } });
      try {
        const before = await retries();
        // Both first attempts read the row before either writes it: under SERIALIZABLE one of
        // them must be refused (40001) and run again; its second attempt does not wait.
        let arrived = 0;
        let bothRead: () => void = () => {};
        const barrier = new Promise<void>((resolve) => (bothRead = resolve));
        const increment = () =>
          prisma.$transaction(async (tx) => {
            const row = await tx.job.findUniqueOrThrow({ where: { id: job.id } });
            if (++arrived === 2) bothRead();
            if (arrived <= 2) await barrier;
            await tx.job.update({ where: { id: job.id }, data: { payload: String(Number(row.payload) + 1) } });
          });
        await Promise.all([increment(), increment()]);
        const after = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
        expect(after.payload).toBe("2");
        expect(await retries()).toBeGreaterThan(before);
      } finally {
        await prisma.job.delete({ where: { id: job.id } });
      }
    },
  );
});
