// Is the database there, readable and migrated to what this code expects? Run
// before the server listens (server/index.ts refuses to serve otherwise) and
// meant for a readiness probe too: it only reads, and answers a problem code
// plus one line naming the problem, the path it looked at and the fix.
import fs from "node:fs";
import Database from "better-sqlite3";
import path from "node:path";
import {
  classifyMigrations,
  committedMigrationNames,
  migrationState,
  type MigrationRow,
  type MigrationState,
} from "./migrations.server.ts";
import { loadPg, pgConfig } from "./pg-adapter.ts";
import { prismaPaths } from "./database-url.ts";

export type DatabaseProblem =
  "missing" | "not-a-database" | "corrupt" | "unreadable" | "unmigrated" | "outdated" | "failed-migration" | "newer";

export type DatabaseCheck =
  { ok: true; file: string } | { ok: false; file: string; problem: DatabaseProblem; message: string };

export interface CheckOptions {
  /** Run SQLite's quick_check over every page (at start); a probe can skip it. */
  thorough?: boolean;
  migrationsDir?: string;
}

/**
 * What is wrong with a database's migrations, as a problem code and the operator's
 * one line, or null when every committed migration is applied (either database).
 */
function migrationProblem(state: MigrationState, where: string, settings: string): [DatabaseProblem, string] | null {
  if (state.failed.length)
    return [
      "failed-migration",
      `The database ${where} has a migration that failed half-way (${state.failed[0]}). Inspect it, mark it with \`npx prisma migrate resolve\`, then run \`npm run db:migrate\`.`,
    ];
  if (state.unknown.length)
    return [
      "newer",
      `The database ${where} was migrated by a newer version of the app (${state.unknown.at(-1)}, unknown here). Run the newer code, or restore a backup taken before the upgrade.`,
    ];
  if (state.pending.length)
    return [
      "outdated",
      `The database ${where} is missing ${state.pending.length} migration(s) (from ${state.pending[0]}). Run \`npm run db:migrate\` with the same ${settings} (it works while other servers run).`,
    ];
  return null;
}

export function checkDatabase(file: string, opts: CheckOptions = {}): DatabaseCheck {
  const fail = (problem: DatabaseProblem, message: string): DatabaseCheck => ({ ok: false, file, problem, message });
  if (!fs.existsSync(file)) {
    return fail(
      "missing",
      `No database at ${file}. For a new installation create it with \`npm run db:migrate\`; otherwise fix DATABASE_URL (or DATA_DIR) — a typo there points at a new, empty database.`,
    );
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, readonly: true, timeout: 5000 });
    if (opts.thorough) {
      const result = db.pragma("quick_check", { simple: true });
      if (result !== "ok") {
        return fail(
          "corrupt",
          `The database ${file} is damaged (quick_check: ${String(result).slice(0, 120)}). Stop every process using it and restore the latest backup (docs/operations.md, "Backups").`,
        );
      }
    } else {
      db.prepare("SELECT count(*) FROM sqlite_master").get();
    }
    const state = migrationState(db, opts.migrationsDir);
    if (!state) {
      return fail(
        "unmigrated",
        `The database ${file} has no tables of this app (not migrated). Run \`npm run db:migrate\` with the same DATABASE_URL/DATA_DIR, or fix the path if it is the wrong file.`,
      );
    }
    const problem = migrationProblem(state, file, "DATABASE_URL/DATA_DIR");
    if (problem) return fail(...problem);
    return { ok: true, file };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === "SQLITE_NOTADB") {
      return fail(
        "not-a-database",
        `${file} is not a SQLite database. Fix DATABASE_URL (or DATA_DIR) if it names the wrong file, or restore the latest backup there.`,
      );
    }
    if (e.code?.startsWith("SQLITE_CORRUPT")) {
      return fail(
        "corrupt",
        `The database ${file} is damaged (${e.message}). Stop every process using it and restore the latest backup (docs/operations.md, "Backups").`,
      );
    }
    return fail(
      "unreadable",
      `The database ${file} cannot be read (${e.code ?? "error"}: ${e.message}). Check its permissions and the disk, then start again.`,
    );
  } finally {
    db?.close();
  }
}

/**
 * The same checks for a PostgreSQL database (ADR 047): reachable, migrated with
 * prisma/postgres/migrations, nothing failed half-way, nothing newer than this code.
 * `file` in the answer names the database (host, port, name), never the password.
 */
export async function checkPostgres(url: string, opts: { migrationsDir?: string } = {}): Promise<DatabaseCheck> {
  const config = pgConfig(url);
  const where = `postgresql://${config.host}:${config.port}/${config.database ?? ""}`;
  const fail = (problem: DatabaseProblem, message: string): DatabaseCheck => ({
    ok: false,
    file: where,
    problem,
    message,
  });
  const client = new (loadPg().Client)({ ...config, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === "3D000") {
      return fail(
        "missing",
        `No database at ${where} (${e.message}). Create it (createdb), then run \`npm run db:migrate\` with the same DATABASE_URL; otherwise fix DATABASE_URL.`,
      );
    }
    return fail(
      "unreadable",
      `The database ${where} cannot be reached (${e.code ?? "error"}: ${e.message}). Check that PostgreSQL runs there and DATABASE_URL's user and password, then start again.`,
    );
  }
  try {
    const table = await client.query("SELECT to_regclass('_prisma_migrations')::text AS t");
    if (!table.rows[0]?.t) {
      return fail(
        "unmigrated",
        `The database ${where} has no tables of this app (not migrated). Run \`npm run db:migrate\` with the same DATABASE_URL.`,
      );
    }
    const rows = await client.query("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations");
    const state: MigrationState = classifyMigrations(
      rows.rows as MigrationRow[],
      committedMigrationNames(opts.migrationsDir ?? path.resolve(prismaPaths("postgresql").migrations)),
    );
    const problem = migrationProblem(state, where, "DATABASE_URL");
    if (problem) return fail(...problem);
    return { ok: true, file: where };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return fail("unreadable", `The database ${where} cannot be read (${e.code ?? "error"}: ${e.message}).`);
  } finally {
    await client.end().catch(() => {});
  }
}
