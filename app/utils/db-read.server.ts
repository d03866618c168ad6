// Hot reads on a read connection of their own (ADR 012, ADR 047).
// Prisma's JS engine costs 1–3 ms per query before the database does anything (its
// wasm compiler plans every call); a page for a signed-in member runs the
// session lookup, the unread count and the comment page on every request. Those
// run here as plain statements. Everything else, and every write, stays on
// Prisma; models are still the only place SQL lives.
//
// SQLite (the embedded default): a read-only better-sqlite3 connection with
// prepared statements (~0.05 ms); in WAL mode it sees every committed transaction
// of the Prisma connection (and of other processes). The call runs synchronously;
// the answer is handed back as a resolved promise.
// PostgreSQL: a small pool of its own; statements are written in SQLite's dialect
// and translated once each (sql-dialect.ts). Rows come back in SQLite's shapes on
// both: integers as numbers, booleans as 0/1, instants as ISO text (use
// readDate()), JSON as text.
import Database from "better-sqlite3";
import type pg from "pg";
import { databaseFile, databaseProvider, databaseUrl } from "./database-url.ts";
import { timedDb, timedDbSync } from "./request-timing.server.ts";
import { loadPg, pgConfig } from "./pg-adapter.ts";
import { postgresArgs, toPostgres } from "./sql-dialect.ts";
import { withPlanStableLimit } from "./sqlite-limit.ts";

type SqliteConnection = {
  kind: "sqlite";
  source: string;
  db: Database.Database;
  stmts: Map<string, ReadStatement>;
};
type PostgresConnection = { kind: "postgresql"; source: string; pool: pg.Pool; stmts: Map<string, ReadStatement> };

const g = globalThis as unknown as { __readDb?: SqliteConnection | PostgresConnection };

/** A statement on the read connection: `get` the first row (undefined when none) or `all` rows. */
export interface ReadStatement {
  get(...args: unknown[]): Promise<unknown>;
  all(...args: unknown[]): Promise<unknown[]>;
}

/**
 * The connection for the database the environment names now (tests switch it
 * per file). Only the two variables are compared on each statement; the path is
 * worked out (with its mkdir) when they change.
 */
function connection(): SqliteConnection | PostgresConnection {
  const source = `${process.env.DATABASE_URL ?? ""}|${process.env.DATA_DIR ?? ""}`;
  if (g.__readDb?.source !== source) {
    closeReadConnection();
    const url = databaseUrl();
    if (databaseProvider(url) === "postgresql") {
      const pool = new (loadPg().Pool)({
        ...pgConfig(url),
        max: Number(process.env.READ_POOL_SIZE ?? 5),
        types: { getTypeParser: typeParser as never },
      });
      // An idle connection the server closed (a restart, a failover) must not crash the process.
      pool.on("error", () => {});
      g.__readDb = { kind: "postgresql", source, pool, stmts: new Map() };
    } else {
      const db = new Database(databaseFile(), { readonly: true, fileMustExist: true, timeout: 5000 });
      // SQLite's default page cache is 2 MiB: a scan of a large index (the dashboard's
      // aggregates, ADR 027) then re-reads every page from the OS, which doubled its CPU
      // time. Pages are only allocated as they are used.
      db.pragma("cache_size = -32768");
      g.__readDb = { kind: "sqlite", source, db, stmts: new Map() };
    }
  }
  return g.__readDb;
}

/** A statement for `sql` (SQLite's dialect), kept for the connection's life; its reads count in Server-Timing's db. */
export function readStatement(sql: string): ReadStatement {
  const c = connection();
  let s = c.stmts.get(sql);
  if (!s) {
    s = c.kind === "sqlite" ? sqliteStatement(c.db.prepare(withPlanStableLimit(sql))) : postgresStatement(c.pool, sql);
    c.stmts.set(sql, s);
  }
  return s;
}

function sqliteStatement(statement: Database.Statement): ReadStatement {
  const proto = Object.getPrototypeOf(statement) as Record<string, (...args: unknown[]) => unknown>;
  // Looked up on the prototype at each call, so a wrapper installed there later (tests count statements) still runs.
  const run = (method: "get" | "all", args: unknown[]) => {
    try {
      return Promise.resolve(timedDbSync(() => proto[method]!.apply(statement, args)));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
  return {
    get: (...args) => run("get", args),
    all: (...args) => run("all", args) as Promise<unknown[]>,
  };
}

function postgresStatement(pool: pg.Pool, sql: string): ReadStatement {
  const stmt = toPostgres(sql);
  const run = (args: unknown[]) => timedDb(() => pool.query(stmt.text, postgresArgs(stmt, args)));
  return {
    get: async (...args) => (await run(args)).rows[0],
    all: async (...args) => (await run(args)).rows,
  };
}

/** Values as SQLite hands them over (see the top of this file). */
const PARSERS: Record<number, (v: string) => unknown> = {
  16: (v) => (v === "t" ? 1 : 0), // bool
  20: Number, // int8: count(*), sum()
  1700: Number, // numeric: avg()
  114: (v) => v, // json: text, as SQLite's json functions give it
  3802: (v) => v, // jsonb
  1114: (v) => new Date(`${v.replace(" ", "T")}Z`).toISOString(), // timestamp (Prisma stores UTC)
  1184: (v) => new Date(v).toISOString(), // timestamptz
};

function typeParser(oid: number, format?: string): (v: string) => unknown {
  return (
    PARSERS[oid] ?? (loadPg().types.getTypeParser as (o: number, f?: string) => (v: string) => unknown)(oid, format)
  );
}

/**
 * An instant as a statement's argument, in the form the adapter stores (ISO text with "+00:00",
 * ADR 001): compared as text on SQLite (so an index on the column serves it) and read as a
 * timestamp by PostgreSQL (which stores UTC and ignores the offset).
 */
export function storedInstant(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

export function readDate(v: unknown): Date | null {
  return v == null ? null : new Date(v as string | number);
}

/** Closes the read connection (shutdown); the next statement opens it again. */
export function closeReadConnection(): void {
  const c = g.__readDb;
  g.__readDb = undefined;
  if (c?.kind === "sqlite") c.db.close();
  else if (c) void c.pool.end().catch(() => {});
}
