// The driver adapter for PostgreSQL (ADR 039), shared by the Prisma CLI config and the
// app. Kept free of app imports so prisma.config.ts can load it.
//
// `pg` and Prisma's adapter are required on first use, not imported: every server
// imports this module (the database check, the read connection, the rate limiter),
// and on a SQLite deployment loading them cost ~14 MiB and ~100 ms of each start
// (issue 15.4/15.5). Synchronous, because the Prisma client is built synchronously.
import { createRequire } from "node:module";
import type { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";

const require = createRequire(import.meta.url);

/** The `pg` driver, loaded on first use. */
export function loadPg(): typeof pg {
  return require("pg") as typeof pg;
}

// @prisma/adapter-pg 6.19 cannot read columns of PostgreSQL's internal `name` and `char`
// types (prisma/orm#27403), which the schema engine's catalogue queries return during
// `migrate deploy`: report them as text (and their arrays as text[]) before it looks.
const AS_TEXT: Record<number, number> = { 19: 25, 18: 25, 1003: 1009, 1002: 1009 };

function fieldsAsText<T>(result: T): T {
  const fields = (result as { fields?: Array<{ dataTypeID: number }> } | undefined)?.fields;
  for (const f of fields ?? []) if (AS_TEXT[f.dataTypeID]) f.dataTypeID = AS_TEXT[f.dataTypeID]!;
  return result;
}

function patchQuery(target: { query: (...args: never[]) => unknown }) {
  const query = target.query.bind(target) as (...args: unknown[]) => unknown;
  target.query = ((...args: unknown[]) => {
    const r = query(...args);
    return r instanceof Promise ? r.then(fieldsAsText) : r;
  }) as never;
}

/**
 * How long PostgreSQL lets a session of ours sit idle inside a transaction before it ends
 * the session, in ms: a safety net for the other nodes. A transaction that a node stopped
 * driving — its event loop blocked, its process stopped, a bug like the one
 * tests/integration/postgres-close.test.ts covers — would otherwise hold its row locks
 * (a case's, ADR 071) until the node dies, and every node's writes to that row would wait.
 * Far above any pause inside our transactions (Prisma ends its own after 10 s; bulk
 * loads and db:copy send statement after statement). `?idle_in_transaction_session_timeout=`
 * in the URL sets another value; 0 leaves the server's setting.
 */
export const IDLE_IN_TRANSACTION_MS = 60_000;

/** The connection settings of a postgres(ql):// URL, as separate fields (a URL would also name the shadow DB). */
export function pgConfig(url: string): pg.PoolConfig {
  const u = new URL(url);
  const idle = Number(u.searchParams.get("idle_in_transaction_session_timeout") ?? IDLE_IN_TRANSACTION_MS);
  return {
    host: decodeURIComponent(u.hostname) || "localhost",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || undefined,
    max: Number(u.searchParams.get("connection_limit") ?? 10),
    ssl: u.searchParams.get("sslmode") === "require" ? { rejectUnauthorized: false } : undefined,
    idle_in_transaction_session_timeout: Number.isFinite(idle) && idle > 0 ? idle : undefined,
  };
}

export function createPgPool(url: string): pg.Pool {
  const pool = new (loadPg().Pool)(pgConfig(url));
  // An idle connection the server closed (a restart, a fast shutdown) is reported on the pool;
  // unheard, it ended the process. The next query opens another connection.
  pool.on("error", () => {});
  patchQuery(pool as never);
  pool.on("connect", (client) => patchQuery(client as never));
  return pool;
}

/** Prisma's driver adapter class, loaded on first use. */
export function loadPrismaPg(): typeof PrismaPg {
  return (require("@prisma/adapter-pg") as { PrismaPg: typeof PrismaPg }).PrismaPg;
}

/** Prisma's driver adapter, on a pool of createPgPool's (made here from a URL). */
export function pgAdapter(source: string | pg.Pool): PrismaPg {
  const Adapter = loadPrismaPg();
  return new Adapter(typeof source === "string" ? createPgPool(source) : source);
}
