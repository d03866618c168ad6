// A durable job table with leases. Enqueue inside the same transaction as the
// write that causes the job, so the job exists exactly when the write does.
// Claiming is a conditional UPDATE, so of two workers racing for a row only one
// wins (on PostgreSQL one UPDATE over rows locked with SKIP LOCKED, so racing
// workers take different rows instead of losing to each other); a worker that dies
// holding a lease loses the row when the lease runs out, and one that stops
// gracefully hands back the jobs it claimed but did not start (releaseJobs).
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { sqlProvider } from "~/utils/sql-dialect.ts";
import { readStatement, storedInstant } from "~/utils/db-read.server.ts";

type Tx = Prisma.TransactionClient | typeof prisma;

export const LEASE_MS = 60_000;

export interface JobRow {
  id: string;
  kind: string;
  payload: string;
  attempts: number;
  maxAttempts: number;
  /** What an earlier attempt recorded before a step it must not repeat. */
  checkpoint: string | null;
}

/** A job that must not be retried (its error says why); it is marked failed at once. */
export class FinalJobError extends Error {
  override name = "FinalJobError";
}

/**
 * Records the job's checkpoint while `owner` still holds its lease; false when
 * the lease was lost (another worker has the job now: do not go on).
 */
export async function saveCheckpoint(id: string, owner: string, checkpoint: string | null): Promise<boolean> {
  const { count } = await prisma.job.updateMany({
    where: { id, leaseOwner: owner, status: "running" },
    data: { checkpoint },
  });
  return count === 1;
}

export async function enqueueJob(
  tx: Tx,
  kind: string,
  payload: unknown,
  opts: { runAt?: Date; maxAttempts?: number } = {},
): Promise<string> {
  const job = await tx.job.create({
    data: {
      kind,
      payload: JSON.stringify(payload),
      runAt: opts.runAt ?? new Date(),
      maxAttempts: opts.maxAttempts ?? 8,
    },
    select: { id: true },
  });
  return job.id;
}

/** Claims up to `limit` due jobs for `owner`. */
export async function claimJobs(owner: string, limit = 5, now = new Date()): Promise<JobRow[]> {
  // A read on the read connection first: the worker in every server process asks every second,
  // and through Prisma that loaded its query compiler (~35 MiB for good) in a process that
  // serves only pages (issue 15.4). The claim itself stays a compare-and-set write below.
  if (!(await jobDue(now))) return [];
  if (sqlProvider() === "postgresql") return claimJobsSkipLocked(owner, limit, now);
  const candidates = await prisma.job.findMany({
    where: {
      OR: [
        { status: "queued", runAt: { lte: now } },
        { status: "running", leaseUntil: { lt: now } }, // lease of a dead worker
      ],
    },
    orderBy: { runAt: "asc" },
    take: limit,
    select: { id: true, status: true, leaseUntil: true, attempts: true, maxAttempts: true },
  });
  const claimed: JobRow[] = [];
  for (const c of candidates) {
    if (c.status === "running" && c.attempts >= c.maxAttempts) {
      // Its last attempt died with its worker (a job that crashes the process
      // would otherwise be retried forever): give up on it.
      await prisma.job.updateMany({
        where: { id: c.id, status: "running", leaseUntil: c.leaseUntil },
        data: { status: "failed", finishedAt: now, leaseUntil: null, lastError: "lease expired on the last attempt" },
      });
      continue;
    }
    const { count } = await prisma.job.updateMany({
      // Re-check the state we saw: if another worker claimed it meanwhile, count is 0.
      where: { id: c.id, status: c.status, leaseUntil: c.leaseUntil },
      data: {
        status: "running",
        leaseOwner: owner,
        leaseUntil: new Date(now.getTime() + LEASE_MS),
        attempts: { increment: 1 },
      },
    });
    if (count === 1) {
      const row = await prisma.job.findUnique({
        where: { id: c.id },
        select: { id: true, kind: true, payload: true, attempts: true, maxAttempts: true, checkpoint: true },
      });
      if (row) claimed.push(row);
    }
  }
  return claimed;
}

/** Whether a job is due or a lease has run out (what the claims below look for). */
async function jobDue(now: Date): Promise<boolean> {
  const at = storedInstant(now);
  const row = await readStatement(
    "SELECT 1 AS due FROM Job WHERE (status = 'queued' AND runAt <= ?) OR (status = 'running' AND leaseUntil < ?) LIMIT 1",
  ).get(at, at);
  return row !== undefined;
}

/**
 * PostgreSQL: the claim in one statement. The inner SELECT locks the due rows it
 * picks and skips rows another worker is claiming this instant, so N workers take
 * N different batches in one round trip each (the compare-and-set claim above
 * would have them all read the same oldest rows and all but one lose). A running
 * job whose lease ran out on its last attempt is failed first, as above.
 */
async function claimJobsSkipLocked(owner: string, limit: number, now: Date): Promise<JobRow[]> {
  await prisma.$executeRawUnsafe(
    `UPDATE "Job" SET status = 'failed', "finishedAt" = $1::timestamp(3), "leaseUntil" = NULL,
       "lastError" = 'lease expired on the last attempt'
     WHERE status = 'running' AND "leaseUntil" < $1::timestamp(3) AND attempts >= "maxAttempts"`,
    now,
  );
  // RETURNING gives rows in no promised order (the subquery's ORDER BY picks them, it does not
  // sort the answer): the outer SELECT hands the batch over oldest first, as SQLite's claim does.
  return prisma.$queryRawUnsafe<JobRow[]>(
    `WITH claimed AS (
       UPDATE "Job" SET status = 'running', "leaseOwner" = $1, "leaseUntil" = $2::timestamp(3), attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM "Job"
         WHERE (status = 'queued' AND "runAt" <= $3::timestamp(3)) OR (status = 'running' AND "leaseUntil" < $3::timestamp(3))
         ORDER BY "runAt" LIMIT $4
         FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, payload, attempts, "maxAttempts", checkpoint, "runAt")
     SELECT id, kind, payload, attempts, "maxAttempts", checkpoint FROM claimed ORDER BY "runAt", id`,
    owner,
    new Date(now.getTime() + LEASE_MS),
    now,
    limit,
  );
}

/**
 * Hands back jobs `owner` claimed but will not run (it is stopping): queued again at
 * once, the attempt not counted, so another worker takes them on its next tick
 * instead of after the lease runs out.
 */
export async function releaseJobs(ids: string[], owner: string): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await prisma.job.updateMany({
    where: { id: { in: ids }, leaseOwner: owner, status: "running" },
    data: { status: "queued", leaseOwner: null, leaseUntil: null, attempts: { decrement: 1 } },
  });
  return count;
}

/**
 * Records a job's progress, in the transaction of the step it describes, so a
 * retried job resumes after the last step that committed and repeats none.
 */
export async function saveCheckpointIn(tx: Tx, jobId: string, checkpoint: string): Promise<void> {
  await tx.job.update({ where: { id: jobId }, data: { checkpoint }, select: { id: true } });
}

export async function completeJob(id: string, owner: string): Promise<void> {
  await prisma.job.updateMany({
    where: { id, leaseOwner: owner, status: "running" },
    data: { status: "done", finishedAt: new Date(), leaseUntil: null, lastError: null },
  });
}

/** Exponential backoff: 5 s, 10 s, 20 s … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

export async function failJob(job: JobRow, owner: string, error: unknown, now = new Date()): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const final = job.attempts >= job.maxAttempts || error instanceof FinalJobError;
  await prisma.job.updateMany({
    where: { id: job.id, leaseOwner: owner, status: "running" },
    data: final
      ? { status: "failed", finishedAt: now, leaseUntil: null, lastError: message.slice(0, 1000) }
      : {
          status: "queued",
          runAt: new Date(now.getTime() + backoffMs(job.attempts)),
          leaseUntil: null,
          leaseOwner: null,
          lastError: message.slice(0, 1000),
        },
  });
}
