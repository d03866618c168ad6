// The Prisma client, one per process. SQLite runs in WAL mode with a busy timeout
// so several server processes (and the job worker) can share the file; write
// transactions take the write lock when they begin, and nothing else runs on the
// connection while one is open (sharedConnectionRules).
// On PostgreSQL (DATABASE_URL postgres(ql)://, ADR 039 and 047) the client is the one
// generated from prisma/postgres/schema.prisma (same models, same API) on a pool of
// connections; its transactions are SERIALIZABLE and retried when PostgreSQL refuses
// one for a conflict (postgresTransactions), which keeps what the models assume from
// SQLite's one writer at a time: a transaction works on data no other commits under it.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { PrismaClient as PgPrismaClient } from "~/generated/prisma-pg/client.ts";
import { databaseProvider, databaseUrl } from "./database-url.ts";
import { timedDb } from "./request-timing.server.ts";
import { closeReadConnection } from "./db-read.server.ts";
import { closeCountersConnection } from "./db-counters.server.ts";
import { metrics } from "./metrics.server.ts";
import { createPgPool, loadPrismaPg, pgConfig } from "./pg-adapter.ts";
import { toPostgres } from "./sql-dialect.ts";
import type { PrismaPg } from "@prisma/adapter-pg";
import type { Prisma } from "~/generated/prisma/client.ts";

export type { Prisma } from "~/generated/prisma/client.ts";

/** A first-come lock over the one connection: held by a whole transaction, or by one statement. */
class ConnectionGate {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => held);
    return before.then(() => release);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * Two fixes to how the adapter shares its single connection.
 *
 * 1. Statements outside a transaction wait while one is open. The adapter locks
 *    only transactions against each other; a query arriving while another
 *    request's interactive transaction was open ran *inside* it on the same
 *    connection: a read saw writes that could still roll back, a write was lost
 *    if it did, and a PRAGMA failed ("Safety level may not be changed inside a
 *    transaction"). Code inside a transaction must use its `tx` (it always did:
 *    a call to `prisma` there would now wait for the transaction to end).
 *
 * 2. Interactive transactions begin IMMEDIATE, holding SQLite's write lock from
 *    their start. The adapter begins them DEFERRED: a transaction that reads and
 *    then writes cannot become a writer once another process has written since
 *    its read, and SQLite answers SQLITE_BUSY at once instead of waiting (two
 *    server processes posting comments or votes at the same moment saw 500s).
 *    Begun IMMEDIATE, a transaction waits for the lock (busy timeout) and then
 *    works on current data. Every interactive transaction here writes.
 */
function sharedConnectionRules(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    prismaConnects++;
    // SQLite's per-connection settings, on the connection itself before Prisma's first statement: run
    // through Prisma ($queryRawUnsafe) they loaded its query compiler (~35 MiB) on the first request
    // of every process, though a reader's pages never use Prisma (issue 15.4).
    await adapter.executeScript(CONNECTION_PRAGMAS);
    const gate = new ConnectionGate();
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    const executeScript = adapter.executeScript.bind(adapter);
    // Timed inside the gate: Server-Timing's db is the driver's time, not the wait for the connection.
    adapter.queryRaw = (q) => gate.run(() => timedDb(() => queryRaw(q)));
    adapter.executeRaw = (q) => gate.run(() => timedDb(() => executeRaw(q)));
    adapter.executeScript = (script) => gate.run(() => executeScript(script));
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const release = await gate.acquire();
      let tx: Awaited<ReturnType<typeof start>>;
      try {
        tx = await start(isolationLevel);
      } catch (e) {
        release();
        throw e;
      }
      try {
        // Nothing ran in the adapter's deferred transaction yet: begin again, immediately.
        await tx.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] });
        await tx.executeRaw({ sql: "BEGIN IMMEDIATE", args: [], argTypes: [] });
      } catch (e) {
        await tx.rollback(); // only releases the adapter's lock; no transaction is open
        release();
        throw e;
      }
      return releaseOnEveryPath(tx, release);
    };
    return adapter;
  };
  return factory;
}

type Transaction = Awaited<ReturnType<Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>["startTransaction"]>>;

/**
 * Ends a transaction's hold on the connection however it ends. Prisma sends
 * COMMIT (or ROLLBACK) through the transaction's executeRaw and only then calls
 * its commit() (or rollback()), which is where the adapter's lock and this
 * module's gate used to be released: a COMMIT that failed (SQLITE_FULL on a full
 * disk, an I/O error, a deferred constraint) skipped that call, so both stayed
 * held and every later database call of the process waited forever, even after
 * the disk was freed. Now a failing COMMIT or ROLLBACK rolls back what SQLite
 * left open (it keeps the transaction open after some failures) and releases
 * both before the error goes on to the caller.
 */
function releaseOnEveryPath(tx: Transaction, releaseGate: () => void): Transaction {
  const client = (tx as unknown as { client: { inTransaction: boolean; exec(sql: string): void } }).client;
  const unlockAdapter = tx.rollback.bind(tx); // the adapter's commit and rollback only release its lock
  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    try {
      await unlockAdapter();
    } finally {
      releaseGate();
    }
  };
  const txQueryRaw = tx.queryRaw.bind(tx);
  tx.queryRaw = (query) => timedDb(() => txQueryRaw(query));
  const rawExecute = tx.executeRaw.bind(tx);
  const executeRaw = (query: Parameters<typeof rawExecute>[0]) => timedDb(() => rawExecute(query));
  tx.executeRaw = async (query) => {
    if (query.sql !== "COMMIT" && query.sql !== "ROLLBACK") return executeRaw(query);
    try {
      return await executeRaw(query);
    } catch (error) {
      try {
        if (client.inTransaction) client.exec("ROLLBACK");
      } catch {
        // Nothing more can be done here; the connection is free again either way.
      }
      await end();
      throw error;
    }
  };
  tx.commit = end;
  tx.rollback = end;
  return tx;
}

/** WAL, the busy timeout, NORMAL sync in WAL (durable at checkpoints) and foreign keys (the cascades). */
const CONNECTION_PRAGMAS =
  "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

let prismaConnects = 0;

/**
 * How many times Prisma has opened its SQLite connection in this process. Prisma connects, and
 * loads its query compiler (a wasm module, ~35 MiB resident for good), on its first query, so 0
 * means no Prisma query has run: reads go to the read connection (db-read.server.ts), and a
 * process that only serves pages and idles never loads the compiler (tests/integration/start-footprint.test.ts).
 */
export function prismaConnectCount(): number {
  return prismaConnects;
}

function create(): PrismaClient {
  const url = databaseUrl();
  if (databaseProvider(url) === "postgresql") return createPostgres(url);
  const adapter = sharedConnectionRules(new PrismaBetterSQLite3({ url, timeout: 5000 }));
  return new PrismaClient({ adapter });
}

/**
 * A statement written in SQLite's dialect with `?` parameters, in the dialect of the
 * database Prisma is on (sql-dialect.ts), for `$executeRawUnsafe` / `$queryRawUnsafe`.
 */
export function sqlFor(sql: string): string {
  if (databaseProvider() !== "postgresql") return sql;
  const translated = toPostgres(sql);
  if (translated.names) throw new Error("Prisma's raw queries take ? parameters only");
  return translated.text;
}

/** Attempts of one transaction PostgreSQL refused for a conflict (serialization failure, deadlock). */
const TRANSACTION_ATTEMPTS = 16;

function createPostgres(url: string): PrismaClient {
  const Adapter = loadPrismaPg();
  const factory = new Adapter(pgConfig(url));
  // A pool of its own for each connection Prisma opens, ended when Prisma lets go of it
  // ($disconnect, closeDatabase): a pool handed in from outside stayed open, so its ten
  // connections held the server's slots and kept a finished CLI or test process alive
  // for the pool's idle timeout. The next query after a $disconnect connects again.
  factory.connect = async () => {
    const pool = createPgPool(url);
    pool.on("error", () => {}); // an idle connection the server closed; the next query opens another
    const adapter = await new Adapter(pool, { disposeExternalPool: true }).connect();
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.queryRaw = (q) => timedDb(() => queryRaw(q));
    adapter.executeRaw = (q) => timedDb(() => executeRaw(q));
    // Every transaction this adapter began and has not ended, by the function that ends it,
    // and the starts still under way (abandonedOnClose).
    const open = new Set<() => Promise<void>>();
    const starting = new Set<Promise<PgTransaction>>();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = (isolationLevel) => {
      const begun = start(isolationLevel).then((tx) => oneStatementAtATime(tx, open));
      starting.add(begun);
      begun.then(
        () => starting.delete(begun),
        () => starting.delete(begun),
      );
      return begun;
    };
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await abandonedOnClose(starting, open);
      await dispose();
    };
    return adapter;
  };
  const client = new PgPrismaClient({
    adapter: factory,
    transactionOptions: { isolationLevel: "Serializable", maxWait: 5000, timeout: 10_000 },
  });
  return postgresTransactions(client as unknown as PrismaClient);
}

type PgTransaction = Awaited<ReturnType<Awaited<ReturnType<PrismaPg["connect"]>>["startTransaction"]>>;

/**
 * Two fixes to a PostgreSQL transaction's hold on its pooled connection.
 *
 * 1. Its statements go to the connection one after another. Prisma's query plans
 *    run independent reads of one call side by side (a record and its relations);
 *    on the transaction's single pg client the later ones were queued by pg while
 *    the first ran, which pg deprecates ("client.query() when the client is already
 *    executing a query", an error from pg 9). Outside transactions each statement
 *    takes a connection of its own from the pool.
 *
 * 2. The connection goes back to the pool however the transaction ends. Prisma sends
 *    COMMIT and only then calls commit(), which releases it: a COMMIT that failed —
 *    a SERIALIZABLE transaction refused at commit (40001), the common way a conflict
 *    ends — skipped that call, so every such conflict kept one of the pool's
 *    connections checked out for good; under contention the pool ran dry and the
 *    process's database calls (and its shutdown) waited forever. PostgreSQL has
 *    ended the transaction when COMMIT fails, so the connection is released as it is.
 */
function oneStatementAtATime(tx: PgTransaction, open: Set<() => Promise<void>>): PgTransaction {
  const gate = new ConnectionGate();
  const queryRaw = tx.queryRaw.bind(tx);
  const rawExecute = tx.executeRaw.bind(tx);
  const release = tx.rollback.bind(tx); // the adapter's commit and rollback only release the connection
  let released = false;
  const end = async () => {
    if (released) return;
    released = true;
    open.delete(abandon);
    await release();
  };
  const abandon = async () => {
    await executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => {});
    await end();
  };
  open.add(abandon);
  const executeRaw = (q: Parameters<typeof rawExecute>[0]) => gate.run(() => timedDb(() => rawExecute(q)));
  tx.queryRaw = (q) => gate.run(() => timedDb(() => queryRaw(q)));
  tx.executeRaw = async (q) => {
    if (q.sql !== "COMMIT" && q.sql !== "ROLLBACK") return executeRaw(q);
    try {
      return await executeRaw(q);
    } catch (error) {
      await end();
      throw error;
    }
  };
  tx.commit = end;
  tx.rollback = end;
  return tx;
}

/**
 * Rolls back and gives back the connections of transactions Prisma let go of when it
 * disconnected, before the pool ends (it waits for every checked-out connection).
 * Prisma's disconnect rolls back the transactions it knows, but one still waiting for
 * its connection is only marked rolled back: when the connection came, BEGIN and SET
 * TRANSACTION ran, Prisma threw "Transaction in invalid state" and never released it,
 * so the pool's end — a node's stop — waited for good, with that session idle in its
 * transaction (tests/integration/postgres-close.test.ts). Every transaction Prisma
 * still knew has ended by now; one that has not was abandoned.
 */
async function abandonedOnClose(starting: Set<Promise<PgTransaction>>, open: Set<() => Promise<void>>): Promise<void> {
  await Promise.allSettled([...starting]);
  await Promise.allSettled([...open].map((abandon) => abandon()));
}

/** PostgreSQL's answer to a transaction that conflicted with another: run it again. */
export function isRetryableConflict(error: unknown): boolean {
  const e = error as { code?: string; message?: string; cause?: { originalCode?: string } } | null;
  if (!e) return false;
  if (e.code === "P2034") return true; // Prisma: write conflict or deadlock, retry the transaction
  const text = `${e.message ?? ""} ${e.cause?.originalCode ?? ""}`;
  return /\b40001\b|\b40P01\b|could not serialize access|deadlock detected/.test(text);
}

/**
 * A unique violation a concurrent transaction may have caused: PostgreSQL reports a
 * key that two SERIALIZABLE transactions both derived (max(number) + 1, a slug
 * checked free) as 23505, not as a serialization failure, and its manual advises
 * retrying those too. A real duplicate fails again on the retry and goes to the caller.
 */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { originalCode?: string } } | null;
  return e?.code === "P2002" || e?.cause?.originalCode === "23505";
}

/** Attempts of a transaction that ended in a unique violation (the first and one retry). */
const UNIQUE_ATTEMPTS = 2;

/** This process's retried transactions, one at a time (postgresTransactions). */
const retryGate = new ConnectionGate();

/**
 * Retries a refused transaction (the callback form of $transaction) a few times, with
 * a short random wait. A transaction that conflicted once runs its next attempts
 * alone among this process's retries: on a hot row (50 votes on one case at once)
 * every optimistic attempt conflicted with the others again until the attempts ran
 * out and requests answered 500; queued, each commits in turn, as on SQLite's one
 * writer, while first attempts still run side by side.
 */
function postgresTransactions(client: PrismaClient): PrismaClient {
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const retrying = async (...args: unknown[]) => {
    let release: (() => void) | null = null;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await transaction(...args);
        } catch (error) {
          // Only a callback can run again; the array form's queries are spent.
          const conflict = isRetryableConflict(error);
          const again =
            typeof args[0] === "function" &&
            (conflict ? attempt < TRANSACTION_ATTEMPTS : isUniqueViolation(error) && attempt < UNIQUE_ATTEMPTS);
          if (!again) throw error;
          metrics.transactionRetries.inc({ reason: conflict ? "conflict" : "unique" });
          release ??= await retryGate.acquire();
          // Exponential back-off with full jitter (to 320 ms), so two nodes' retries drift apart: with
          // a linear 0–10·n ms, comments and votes posted at once on one case at two nodes retried in
          // step and some ran out of attempts (tests/integration/postgres-nodes.test.ts, ADR 052).
          await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** Math.min(attempt, 5)));
        }
      }
    } finally {
      release?.();
    }
  };
  // Kept as a property a test may wrap (client.$transaction = …): the wrapper is what callers get.
  let $transaction: unknown = retrying;
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "$transaction") return $transaction;
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    set(target, prop, value, receiver) {
      if (prop !== "$transaction") return Reflect.set(target, prop, value, receiver);
      $transaction = value;
      return true;
    },
  });
}

/**
 * A write transaction whose first statement updates the one row that every write it
 * could conflict with also updates (a comment post begins by bumping its case's
 * discussion version, and every other discussion write updates that case row too).
 * On PostgreSQL it runs READ COMMITTED: writers of one row queue on the row's lock,
 * and each later statement sees what those before them committed, as on SQLite's one
 * writer. SERIALIZABLE refused them instead: besides two nodes' writes to one case,
 * its predicate locks (the new comment read back by id, the count of the case's
 * comments, index pages both touched) made comments on different cases conflict
 * too, and each loser redid its whole transaction after a back-off (two nodes: 363
 * retries for ~300 comment posts, ADR 071). SQLite has one writer anyway.
 */
export function lockingTransaction<T>(
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
  options: { maxWait?: number; timeout?: number } = {},
): Promise<T> {
  if (databaseProvider() !== "postgresql") return prisma.$transaction(fn, options);
  // The SQLite client's types know only Serializable; the PostgreSQL client takes every level.
  const transaction = prisma.$transaction as unknown as (
    run: typeof fn,
    options: { maxWait?: number; timeout?: number; isolationLevel: "ReadCommitted" },
  ) => Promise<T>;
  return transaction(fn, { ...options, isolationLevel: "ReadCommitted" });
}

/** One gate per key while writes under that key are queued (oneWriterPer). */
const writerGates = new Map<string, { gate: ConnectionGate; queued: number }>();

/**
 * Runs `write` after this process's earlier writes under the same key have ended.
 * For a transaction that always updates one hot row (a comment or a vote bumps its
 * case's count and version): on PostgreSQL two such SERIALIZABLE transactions side
 * by side always conflict, and the loser redoes all its work after a back-off. Queued
 * in the process they commit in turn, as on SQLite's one writer; only writes from
 * other nodes still meet as conflicts, and those are retried (postgresTransactions).
 */
export async function oneWriterPer<T>(key: string, write: () => Promise<T>): Promise<T> {
  let entry = writerGates.get(key);
  if (!entry) writerGates.set(key, (entry = { gate: new ConnectionGate(), queued: 0 }));
  entry.queued++;
  try {
    return await entry.gate.run(write);
  } finally {
    if (--entry.queued === 0) writerGates.delete(key);
  }
}

/** Keys with writes queued or running (for tests: the map does not grow with every key ever used). */
export function queuedWriterKeys(): number {
  return writerGates.size;
}

const globalForPrisma = globalThis as unknown as {
  __prisma?: ReturnType<typeof create>;
  __prismaReady?: Promise<void>;
};

export const prisma = (globalForPrisma.__prisma ??= create());

/**
 * Opens Prisma's connection now (CLIs that want a broken database to fail before their work).
 * The SQLite pragmas are set as the connection opens (sharedConnectionRules), whoever opens it.
 * A failure is not remembered: the next caller tries again (a remembered rejection once
 * answered every later request with a 500).
 */
export function dbReady(): Promise<void> {
  globalForPrisma.__prismaReady ??= prisma.$connect().catch((error: unknown) => {
    globalForPrisma.__prismaReady = undefined;
    throw error;
  });
  return globalForPrisma.__prismaReady;
}

/**
 * Closes this process's connections to the database, Prisma's last (the counters
 * connection's when Prisma never opened): closing the last connection checkpoints the write-ahead log into app.db and removes the
 * -wal file, so a cleanly stopped server leaves a complete app.db (a copy of it
 * alone is a full backup). Called on shutdown; a later query would reconnect.
 */
export async function closeDatabase(): Promise<void> {
  closeReadConnection();
  closeCountersConnection();
  await globalForPrisma.__prisma?.$disconnect();
  globalForPrisma.__prismaReady = undefined;
}
