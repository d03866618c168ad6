// The database's migration state, and applying the committed migrations while
// servers run (ADR 022).
//
// `prisma migrate deploy` takes `PRAGMA locking_mode=EXCLUSIVE`, which SQLite
// cannot grant while any other connection has the file open: with a server
// running it failed with SQLITE_BUSY after ~19 s, so a second `npm run serve` on
// one database, or a rolling restart, could not start. This applies the same
// migration files and keeps Prisma's own bookkeeping (`_prisma_migrations`, same
// checksums), so `prisma migrate status` and `deploy` still agree with it, but
// each migration runs in one `BEGIN IMMEDIATE` transaction: it waits for the
// write lock like any other writer (busy timeout) and running servers keep
// reading meanwhile. A migration either applies whole or not at all.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { useWalMode } from "./sqlite-wal.server.ts";

export const MIGRATIONS_DIR = path.resolve("prisma/migrations");

export interface Migration {
  name: string;
  checksum: string;
  sql: string;
}

/** The committed migrations, oldest first. */
export function committedMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return committedMigrationNames(dir).map((name) => {
    const sql = fs.readFileSync(path.join(dir, name, "migration.sql"));
    return { name, checksum: crypto.createHash("sha256").update(sql).digest("hex"), sql: sql.toString("utf8") };
  });
}

export interface MigrationState {
  /** Applied and finished. */
  applied: string[];
  /** Committed here but not applied. */
  pending: string[];
  /** Started and never finished (a failed `prisma migrate deploy`). */
  failed: string[];
  /** Applied to the database but not known to this code: the database is newer. */
  unknown: string[];
}

/** One row of Prisma's `_prisma_migrations` bookkeeping, as either database returns it. */
export interface MigrationRow {
  migration_name: string;
  finished_at: string | Date | null;
  rolled_back_at: string | Date | null;
}

/** The names of the committed migrations in `dir`, oldest first (no file contents). */
export function committedMigrationNames(dir = MIGRATIONS_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/**
 * Compares the database's bookkeeping with the committed migrations. The one
 * place that decides "pending", "failed" and "newer": the start-up check
 * (SQLite, before Prisma connects) and the readiness probe (either database,
 * through Prisma) both call it.
 */
export function classifyMigrations(rows: readonly MigrationRow[], committed: readonly string[]): MigrationState {
  const applied = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
  const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
  return {
    applied: committed.filter((n) => applied.has(n)),
    pending: committed.filter((n) => !applied.has(n)),
    failed,
    unknown: [...applied].filter((n) => !committed.includes(n)).sort(),
  };
}

export function migrationState(db: Database.Database, dir = MIGRATIONS_DIR): MigrationState | null {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
  if (!table) return null;
  const rows = db
    .prepare("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations")
    .all() as MigrationRow[];
  return classifyMigrations(rows, committedMigrationNames(dir));
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  override name = "MigrationError";
}

/**
 * Applies every pending committed migration to the SQLite file, each in its own
 * IMMEDIATE transaction, and returns the names applied. Safe to run from several
 * processes at once: each re-reads the state under the write lock.
 */
export function applyMigrations(file: string, opts: { dir?: string; busyTimeoutMs?: number } = {}): string[] {
  const migrations = committedMigrations(opts.dir);
  const db = new Database(file, { timeout: opts.busyTimeoutMs ?? 30_000 });
  const done: string[] = [];
  try {
    useWalMode(db, opts.busyTimeoutMs ?? 30_000);
    // Table rebuilds in the migrations turn foreign keys off; that only works
    // outside a transaction, so it is done here and checked before each COMMIT.
    db.pragma("foreign_keys = OFF");
    const state = migrationState(db, opts.dir);
    if (state?.failed.length) {
      throw new MigrationError(
        `Migration ${state.failed[0]} was started earlier and never finished. Inspect the database, then mark it with ` +
          "`npx prisma migrate resolve --rolled-back <name>` (or --applied) and run `npm run db:migrate` again.",
      );
    }
    if (state && state.pending.length === 0) return done;
    for (const m of migrations) {
      db.exec("BEGIN IMMEDIATE");
      try {
        db.exec(CREATE_TABLE);
        const isApplied = db
          .prepare(
            "SELECT 1 FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL",
          )
          .get(m.name);
        if (isApplied) {
          db.exec("ROLLBACK");
          continue;
        }
        const started = new Date().toISOString();
        db.exec(m.sql);
        const violations = db.pragma("foreign_key_check") as unknown[];
        if (violations.length)
          throw new MigrationError(`${m.name} leaves ${violations.length} foreign key violation(s)`);
        db.prepare(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(crypto.randomUUID(), m.checksum, new Date().toISOString(), m.name, started);
        db.exec("COMMIT");
        done.push(m.name);
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        if (error instanceof MigrationError) throw error;
        throw new MigrationError(`Migration ${m.name} failed and was rolled back: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
    return done;
  } finally {
    db.pragma("foreign_keys = ON");
    db.close();
  }
}
