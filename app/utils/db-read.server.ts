// Hot reads on a read-only better-sqlite3 connection of their own (ADR 012).
// Prisma's JS engine costs 1–3 ms per query before SQLite does anything (its
// wasm compiler plans every call); a page for a signed-in member runs the
// session lookup, the unread count and the comment page on every request. Those
// run here as prepared statements (~0.05 ms). Everything else, and every write,
// stays on Prisma; models are still the only place SQL lives.
//
// The connection is read-only, so it can never write by mistake; in WAL mode it
// sees every committed transaction of the Prisma connection (and of other
// processes). Dates come back as the ISO text the driver stored: use readDate().
import Database from "better-sqlite3";
import { databaseFile } from "./database-url.ts";
import { timedDbSync } from "./request-timing.server.ts";

const g = globalThis as unknown as {
  __readDb?: { source: string; db: Database.Database; stmts: Map<string, Database.Statement> };
};

/**
 * The connection for the database the environment names now (tests switch it
 * per file). Only the two variables are compared on each statement; the path is
 * worked out (with its mkdir) when they change.
 */
function connection() {
  const source = `${process.env.DATABASE_URL ?? ""}|${process.env.DATA_DIR ?? ""}`;
  if (g.__readDb?.source !== source) {
    g.__readDb?.db.close();
    const db = new Database(databaseFile(), { readonly: true, fileMustExist: true, timeout: 5000 });
    // SQLite's default page cache is 2 MiB: a scan of a large index (the dashboard's
    // aggregates, ADR 027) then re-reads every page from the OS, which doubled its CPU
    // time. Pages are only allocated as they are used.
    db.pragma("cache_size = -32768");
    g.__readDb = { source, db, stmts: new Map() };
  }
  return g.__readDb;
}

/** A prepared statement for `sql`, kept for the connection's life; its reads count in Server-Timing's db. */
export function readStatement(sql: string): Database.Statement {
  const c = connection();
  let s = c.stmts.get(sql);
  if (!s) {
    s = timed(c.db.prepare(sql));
    c.stmts.set(sql, s);
  }
  return s;
}

function timed(statement: Database.Statement): Database.Statement {
  const proto = Object.getPrototypeOf(statement) as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ["get", "all"] as const) {
    // Looked up on the prototype at each call, so a wrapper installed there later (tests count statements) still runs.
    (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) =>
      timedDbSync(() => proto[method]!.apply(statement, args));
  }
  // An iterator does its work on each step, not when it is created: time every step.
  (statement as unknown as Record<string, unknown>).iterate = function* (...args: unknown[]) {
    const rows = timedDbSync(() => proto.iterate!.apply(statement, args) as Iterator<unknown>);
    try {
      for (;;) {
        const step = timedDbSync(() => rows.next());
        if (step.done) return;
        yield step.value;
      }
    } finally {
      // A caller that stops early must still release the statement (it stays busy otherwise).
      rows.return?.();
    }
  };
  return statement;
}

export function readDate(v: unknown): Date | null {
  return v == null ? null : new Date(v as string | number);
}

/** Closes the read connection (shutdown); the next statement opens it again. */
export function closeReadConnection(): void {
  g.__readDb?.db.close();
  g.__readDb = undefined;
}
