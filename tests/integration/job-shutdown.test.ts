// A worker that stops gracefully (SIGTERM: server/serve.ts stops the background
// work) finishes the job in hand, hands back the rest of the batch it claimed and
// releases the outbox drain lease, so another node takes the work on its next tick
// rather than after the leases run out (60 s for jobs, 30 s for the drain).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma, dbReady } from "~/utils/db.server.ts";
import { claimJobs, enqueueJob } from "~/jobs/queue.server.ts";
import { startJobWorker } from "~/jobs/worker.server.ts";
import { handlers } from "~/jobs/handlers.server.ts";
import { DRAIN_LEASE, drainSearchOutbox } from "~/jobs/search-outbox.server.ts";
import type { SearchEngine } from "~/search/port.ts";

beforeEach(async () => {
  await dbReady();
  await prisma.job.deleteMany();
  await prisma.searchOutbox.deleteMany();
  await prisma.lease.deleteMany();
});

afterEach(() => {
  delete handlers["test-slow"];
});

describe("graceful stop of a job worker", () => {
  it("finishes the job in hand and hands back the rest of its batch at once", async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const started: number[] = [];
    handlers["test-slow"] = async (payload) => {
      started.push((payload as { n: number }).n);
      await gate;
    };
    const ids: string[] = [];
    for (let n = 0; n < 4; n++)
      ids.push(await enqueueJob(prisma, "test-slow", { n }, { runAt: new Date(Date.now() - 10_000 + n) }));
    const stop = startJobWorker({ intervalMs: 20 });
    for (let i = 0; i < 200 && started.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([0]);
    const stopped = stop();
    release();
    await stopped;
    expect(started).toEqual([0]); // no new job started after the stop
    const rows = await prisma.job.findMany({
      where: { id: { in: ids } },
      orderBy: { runAt: "asc" },
      select: { status: true, attempts: true, leaseOwner: true, leaseUntil: true },
    });
    expect(rows[0]).toMatchObject({ status: "done", attempts: 1 });
    for (const r of rows.slice(1))
      expect(r).toEqual({ status: "queued", attempts: 0, leaseOwner: null, leaseUntil: null });
    // Another worker takes them now, not after LEASE_MS.
    expect((await claimJobs("other-node", 5)).map((j) => j.id)).toEqual(ids.slice(1));
  });

  it("an outbox drain that is told to stop ends after the batch in hand and releases its lease", async () => {
    await prisma.searchOutbox.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({ docId: `case-missing-${i}` })),
    });
    const applied: string[] = [];
    const engine = {
      name: "fake",
      ensureIndex: async () => {},
      upsert: async () => {},
      delete: async (ids: string[]) => void applied.push(...ids),
    } as unknown as SearchEngine;
    const result = await drainSearchOutbox("stopping-node", { engine, batch: 10, stopping: () => true });
    expect(result).toMatchObject({ ran: true, applied: 10 });
    expect(await prisma.searchOutbox.count()).toBe(15);
    expect(await prisma.lease.findMany({ where: { name: DRAIN_LEASE } })).toEqual([]);
    // Another node drains the rest at once.
    expect(await drainSearchOutbox("other-node", { engine, batch: 10 })).toMatchObject({ ran: true, applied: 15 });
  });
});
