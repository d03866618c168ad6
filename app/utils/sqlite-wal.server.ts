import type Database from "better-sqlite3";

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Puts a SQLite file in WAL mode, waiting out other processes that open it at the same moment.
 *
 * Switching a new file to WAL takes its exclusive lock. When two connections both hold the shared
 * lock and both ask for it, SQLite answers the second "database is locked" at once, without the busy
 * timeout, because waiting could deadlock. Several processes starting on a fresh data directory
 * (the cluster's workers, a second `npm start`, a job runner) hit that about one start in twenty:
 * the failed statement has let go of its shared lock by then, so trying again after a short pause
 * goes through. Anything but that busy answer, or a busy answer after `timeoutMs`, is thrown.
 */
export function useWalMode(db: Database.Database, timeoutMs = 5000): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      db.pragma("journal_mode = WAL");
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== "SQLITE_BUSY" || Date.now() >= deadline) throw err;
      // A random pause, so the processes that collided do not collide again in step.
      Atomics.wait(sleeper, 0, 0, 5 + Math.random() * 20);
    }
  }
}
