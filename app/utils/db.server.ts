// The Prisma client, one per process. SQLite runs in WAL mode with a busy timeout
// so several server processes (and the job worker) can share the file.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { databaseUrl } from "./database-url.ts";

export type { Prisma } from "~/generated/prisma/client.ts";

function create() {
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 5000 });
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
