// Counts the statements a piece of work sends to the database, on either database:
// every driver call the app makes is timed into the request's store
// (request-timing.server.ts), and the rows each statement returns are read off the
// driver (better-sqlite3's statements on SQLite, pg's client on PostgreSQL).
import Database from "better-sqlite3";
import pg from "pg";
import { requestTiming } from "~/utils/request-timing.server.ts";
import { sqlProvider } from "~/utils/sql-dialect.ts";

export interface Watched<T> {
  result: T;
  statements: number;
  /** Each statement's SQL and the number of rows it returned. */
  rows: Array<{ sql: string; rows: number }>;
}

type Fn = (...a: unknown[]) => unknown;

export async function watchStatements<T>(work: () => Promise<T>): Promise<Watched<T>> {
  const rows: Watched<T>["rows"] = [];
  const restore = sqlProvider() === "postgresql" ? watchPg(rows) : watchSqlite(rows);
  const store = { start: performance.now(), dbMs: 0, dbCalls: 0 };
  try {
    const result = await requestTiming.run(store, work);
    return { result, statements: store.dbCalls, rows };
  } finally {
    restore();
  }
}

function watchSqlite(rows: Array<{ sql: string; rows: number }>): () => void {
  const proto = Object.getPrototypeOf(new Database(":memory:").prepare("SELECT 1")) as Record<"all" | "get", Fn>;
  const originals = { all: proto.all, get: proto.get };
  proto.all = function (this: { source: string }, ...args: unknown[]) {
    const out = originals.all.apply(this, args) as unknown[];
    rows.push({ sql: this.source, rows: out.length });
    return out;
  };
  proto.get = function (this: { source: string }, ...args: unknown[]) {
    const out = originals.get.apply(this, args);
    rows.push({ sql: this.source, rows: out === undefined ? 0 : 1 });
    return out;
  };
  return () => Object.assign(proto, originals);
}

function watchPg(rows: Array<{ sql: string; rows: number }>): () => void {
  // Clients patched per instance (pg-adapter.ts: Prisma's pool) bound the original at
  // connect time and are not seen; the read connection's pool calls the prototype's.
  const proto = pg.Client.prototype as unknown as { query: Fn };
  const original = proto.query;
  const record = (config: unknown, result: unknown) => {
    const sql = typeof config === "string" ? config : ((config as { text?: string })?.text ?? "");
    rows.push({ sql, rows: (result as { rows?: unknown[] } | undefined)?.rows?.length ?? 0 });
  };
  proto.query = function (this: unknown, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        if (!error) record(args[0], result);
        return (last as Fn)(error, result);
      };
      return original.apply(this, args);
    }
    const out = original.apply(this, args);
    if (out instanceof Promise) return out.then((result: unknown) => (record(args[0], result), result));
    return out;
  };
  return () => {
    proto.query = original;
  };
}
