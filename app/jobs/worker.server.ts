// Runs due jobs. One worker runs inside each server process (JOBS_IN_PROCESS) and
// `npm run jobs:work` runs one on its own; any number can share the database.
import crypto from "node:crypto";
import { logger } from "~/utils/logger.server.ts";
import { claimJobs, completeJob, failJob, releaseJobs, saveCheckpoint } from "./queue.server.ts";
import { handlers } from "./handlers.server.ts";
import { drainSearchOutbox, refillEmptyIndex } from "./search-outbox.server.ts";
import { runNotificationDigests } from "./notification-mail.server.ts";
import { runTypicalDigests } from "./typical-digest.server.ts";

/** How often a worker looks for members due a notification digest. */
const DIGEST_EVERY_MS = 15_000;

export function workerId(): string {
  return `${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
}

/**
 * Claims and runs one batch; returns how many jobs ran. Used by tests and the
 * loop. `now` is the clock for leases and backoff (tests move it forward). Once
 * `stopping()` says so, the job in hand finishes and the batch's other jobs are
 * handed back (releaseJobs) for another worker to take at once.
 */
export async function runDueJobs(
  owner: string,
  limit = 5,
  now?: Date,
  stopping: () => boolean = () => false,
): Promise<number> {
  const jobs = await claimJobs(owner, limit, now ?? new Date());
  for (const [i, job] of jobs.entries()) {
    if (stopping()) {
      const rest = jobs.slice(i).map((j) => j.id);
      await releaseJobs(rest, owner);
      logger.info({ owner, released: rest.length }, "job worker stopping: released claimed jobs");
      return i;
    }
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(JSON.parse(job.payload), {
        id: job.id,
        checkpoint: job.checkpoint,
        saveCheckpoint: (checkpoint) => saveCheckpoint(job.id, owner, checkpoint),
      });
      await completeJob(job.id, owner);
    } catch (error) {
      logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, err: error }, "job failed");
      await failJob(job, owner, error, now ?? new Date());
    }
  }
  return jobs.length;
}

export function startJobWorker(opts: { intervalMs?: number } = {}): () => Promise<void> {
  const owner = workerId();
  const interval = opts.intervalMs ?? 1000;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let lastDigestRun = 0;
  let refillChecked = false;

  const tick = () => {
    running = (async () => {
      try {
        // Drain while there is work, then wait for the next tick.
        while (!stopped && (await runDueJobs(owner, 5, undefined, () => stopped)) > 0) {
          /* keep draining */
        }
      } catch (error) {
        logger.error({ err: error }, "job worker tick failed");
      }
      try {
        if (!stopped) await drainSearchOutbox(owner, { stopping: () => stopped });
        // After the first drain: an index an upgrade emptied is queued again (ADR 078).
        // One attempt per process: an engine that is down at start is not asked every second.
        if (!stopped && !refillChecked) {
          refillChecked = true;
          await refillEmptyIndex(owner);
        }
      } catch (error) {
        logger.error({ err: error }, "search outbox drain failed");
      }
      try {
        // Queues digest mails as jobs; the next tick sends them.
        if (!stopped && Date.now() - lastDigestRun >= DIGEST_EVERY_MS) {
          lastDigestRun = Date.now();
          await runNotificationDigests();
          // The weekly typical-case mail (ADR 025): a cheap read when nobody is due.
          await runTypicalDigests();
        }
      } catch (error) {
        logger.error({ err: error }, "notification digest run failed");
      }
    })();
    void running.then(() => {
      if (!stopped) timer = setTimeout(tick, interval);
    });
  };
  timer = setTimeout(tick, 100);
  logger.info({ owner }, "job worker started");

  // Stopping (SIGTERM): no new tick; the job or outbox batch in hand finishes, the
  // rest of a claimed batch is handed back and the drain lease released, so another
  // node goes on at once instead of after the leases run out.
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
