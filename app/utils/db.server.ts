// The Prisma client, one per process. SQLite runs in WAL mode with a busy timeout
// so several server processes (and the job worker) can share the file; write
// transactions take the write lock when they begin (immediateTransactions).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { databaseUrl } from "./database-url.ts";

export type { Prisma } from "~/generated/prisma/client.ts";

/**
 * Interactive transactions begin IMMEDIATE, holding SQLite's write lock from
 * their start. The adapter begins them DEFERRED: a transaction that reads and
 * then writes cannot become a writer once another process has written since
 * its read, and SQLite answers SQLITE_BUSY at once instead of waiting (two
 * server processes posting comments or votes at the same moment saw 500s).
 * Begun IMMEDIATE, a transaction waits for the lock (busy timeout) and then
 * works on current data. Every interactive transaction here writes.
 */
function immediateTransactions(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const tx = await start(isolationLevel);
      try {
        // Nothing ran in the adapter's deferred transaction yet: begin again, immediately.
        await tx.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] });
        await tx.executeRaw({ sql: "BEGIN IMMEDIATE", args: [], argTypes: [] });
      } catch (e) {
        await tx.rollback(); // only releases the adapter's lock; no transaction is open
        throw e;
      }
      return tx;
    };
    return adapter;
  };
  return factory;
}

function create() {
  const adapter = immediateTransactions(new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 5000 }));
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { __prisma?: ReturnType<typeof create>; __prismaReady?: Promise<void> };

export const prisma = (globalForPrisma.__prisma ??= create());

// WAL and busy_timeout are per-connection pragmas; run them once before first use.
export function dbReady(): Promise<void> {
  globalForPrisma.__prismaReady ??= (async () => {
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
    await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  })();
  return globalForPrisma.__prismaReady;
}
