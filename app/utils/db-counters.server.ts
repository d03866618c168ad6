// A write connection for counters that need no transaction with anything else (ADR 068): today the
// search log's daily counts (app/models/search-log.server.ts, the table's only writer). Through Prisma
// the first search of a process loaded its query compiler 5 s later (the flush), ~35 MiB for good, on
// every node that serves searches (issue 15.4). Models only: a write that must be atomic with another
// goes through Prisma's transactions.
//
// SQLite: a read-write better-sqlite3 connection without a busy timeout. A statement that meets the
// write lock (one of this process's IMMEDIATE transactions, which holds it across awaits, or another
// process's write) fails at once and is tried again after a short wait, off the event loop: with a
// busy timeout the call would block the thread, and so the very transaction it waits for, for the
// whole timeout. PostgreSQL: a pool of one connection (row locks wait asynchronously), which closes
// when idle and does not keep a finished process alive.
// Statements are written in SQLite's dialect with `?` parameters and translated once (sql-dialect.ts).
import Database from "better-sqlite3";
import type pg from "pg";
import { databaseFile, databaseProvider, databaseUrl } from "./database-url.ts";
import { loadPg, pgConfig } from "./pg-adapter.ts";
import { postgresArgs, toPostgres } from "./sql-dialect.ts";

type Connection =
  | { kind: "sqlite"; source: string; db: Database.Database; stmts: Map<string, Database.Statement> }
  | { kind: "postgresql"; source: string; pool: pg.Pool };

const g = globalThis as unknown as { __countersDb?: Connection };

/** How long a statement keeps trying while SQLite's write lock is held (the app's busy timeout). */
const BUSY_FOR_MS = 5000;

function connection(): Connection {
  // The database the environment names now (tests switch it per file), as the read connection does.
  const source = `${process.env.DATABASE_URL ?? ""}|${process.env.DATA_DIR ?? ""}`;
  if (g.__countersDb?.source !== source) {
    closeCountersConnection();
    const url = databaseUrl();
    if (databaseProvider(url) === "postgresql") {
      const pool = new (loadPg().Pool)({ ...pgConfig(url), max: 1, allowExitOnIdle: true });
      pool.on("error", () => {}); // an idle connection the server closed; the next statement opens another
      g.__countersDb = { kind: "postgresql", source, pool };
    } else {
      const db = new Database(databaseFile(), { fileMustExist: true, timeout: 0 });
      db.pragma("synchronous = NORMAL"); // as Prisma's connection: durable at checkpoints in WAL mode
      g.__countersDb = { kind: "sqlite", source, db, stmts: new Map() };
    }
  }
  return g.__countersDb;
}

function isBusy(error: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED)/.test((error as { code?: string } | null)?.code ?? "");
}

/** Runs one statement (SQLite's dialect, `?` parameters); the number of rows it changed. */
export async function runCounterStatement(sql: string, args: unknown[]): Promise<number> {
  const c = connection();
  if (c.kind === "postgresql") {
    const stmt = toPostgres(sql);
    return (await c.pool.query(stmt.text, postgresArgs(stmt, args))).rowCount ?? 0;
  }
  let stmt = c.stmts.get(sql);
  if (!stmt) c.stmts.set(sql, (stmt = c.db.prepare(sql)));
  const deadline = Date.now() + BUSY_FOR_MS;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      return stmt.run(...args).changes;
    } catch (error) {
      if (!isBusy(error) || Date.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** Closes the connection (shutdown); the next statement opens it again. */
export function closeCountersConnection(): void {
  const c = g.__countersDb;
  g.__countersDb = undefined;
  if (c?.kind === "sqlite") c.db.close();
  else if (c) void c.pool.end().catch(() => {});
}
