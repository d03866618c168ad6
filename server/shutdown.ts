// A node's graceful stop, bounded: a service manager's SIGTERM must end in a
// stopped process, never a silent hang. Requests in flight and the job in hand get
// WORK_MS to finish; then the database gets CLOSE_MS to close its connections. A
// transaction that never ends (seen once on PostgreSQL: a connection "idle in
// transaction") would make the pool's end wait forever; past the limit the process
// stops anyway, saying so, and the database rolls the transaction back when the
// connection drops. Nothing acknowledged is lost: a write is acknowledged after it commits.
import type { Logger } from "pino";

export const STOP_LIMITS = { WORK_MS: 10_000, CLOSE_MS: 5_000 };

export interface StopSteps {
  /** Resolves when the listener has closed and the requests in flight have ended. */
  requestsDone: Promise<void>;
  /** Ends the background work (the job in hand finishes, leases are released). */
  stopWork: () => Promise<void>;
  /** Drops the connections still open (kept-alive or stuck requests) once the wait is over. */
  dropConnections: () => void;
  closeDatabase: () => Promise<void>;
}

/** Resolves true when `p` settles within `ms`, false when the time runs out first. */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref();
    p.then(
      () => (clearTimeout(timer), resolve(true)),
      () => (clearTimeout(timer), resolve(true)),
    );
  });
}

/** Runs the stop in order within the limits; true when every step finished in time. */
export async function stopWithin(steps: StopSteps, logger: Logger, limits = STOP_LIMITS): Promise<boolean> {
  const workEnded = await within(Promise.all([steps.requestsDone, steps.stopWork()]), limits.WORK_MS);
  if (!workEnded) {
    logger.warn(
      { waitedMs: limits.WORK_MS },
      "requests or the job in hand did not finish in time: their connections are closed and the job's lease lets another node run it",
    );
    steps.dropConnections();
  }
  const closing = steps.closeDatabase().catch((error: unknown) => {
    logger.error({ err: error }, "closing the databases failed");
  });
  const closed = await within(closing, limits.CLOSE_MS);
  if (!closed) {
    logger.error(
      { waitedMs: limits.CLOSE_MS },
      "the database connections did not close in time (a transaction still holds one): stopping without them; the database rolls that transaction back",
    );
  }
  return workEnded && closed;
}
