// Closing the database on PostgreSQL while a transaction is still starting (issue 14.3:
// a node's stop). Prisma's disconnect rolls back the transactions it knows and then ends
// the pool, which waits for every checked-out connection. A transaction that was still
// waiting for its connection was only marked rolled back: when the connection came, its
// BEGIN and SET TRANSACTION ran, Prisma threw "Transaction in invalid state" without
// giving the connection back, and the pool's end waited for it for good — a node that
// never stopped, with one session "idle in transaction" whose last statement was
// SET TRANSACTION ISOLATION LEVEL SERIALIZABLE (seen once in a two-node bench, session 11).
// And the safety net for a transaction no node drives any more: PostgreSQL ends a session
// left idle in a transaction, so its row locks do not stop the other nodes' writes.
// Nothing here imports the database module statically: it is imported once DATABASE_URL
// names the cluster.
import { afterAll, beforeAll, expect, it } from "vitest";
import { IDLE_IN_TRANSACTION_MS, createPgPool } from "~/utils/pg-adapter.ts";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../helpers/postgres.ts";

const unavailable = postgresUnavailable();
if (unavailable && process.env.CI) throw new Error(unavailable);

let cluster: PostgresCluster | undefined;
beforeAll(async () => {
  if (unavailable) return;
  cluster = await startPostgres();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p, new Promise<"timed out">((r) => setTimeout(() => r("timed out"), ms).unref())]);

it.skipIf(unavailable)(
  "ends, and leaves no session in a transaction, when a transaction is waiting for its connection",
  async () => {
    // One connection, so the second transaction waits for the first one's.
    process.env.DATABASE_URL = `${cluster!.url}?connection_limit=1`;
    const { prisma } = await import("~/utils/db.server.ts");
    let letGo!: () => void;
    const holding = new Promise<void>((r) => (letGo = r));
    const first = prisma
      .$transaction(async (tx) => {
        await tx.$queryRawUnsafe("SELECT 1");
        await holding; // a request still working when the node stops
      })
      .catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    const second = prisma.$transaction(async (tx) => tx.$queryRawUnsafe("SELECT 2")).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));

    const closed = await within(
      10_000,
      prisma.$disconnect().then(() => "closed"),
    );
    letGo();
    expect(closed).toBe("closed");
    // Neither transaction committed work after the close began; both callers got an answer.
    expect(await within(5_000, first)).not.toBe("timed out");
    expect(await within(5_000, second)).not.toBe("timed out");

    const admin = createPgPool(cluster!.url);
    try {
      const { rows } = await admin.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()",
      );
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await admin.end();
    }
  },
  30_000,
);

it.skipIf(unavailable)("every connection of ours has a limit on idling inside a transaction", async () => {
  const pool = createPgPool(cluster!.url);
  try {
    const { rows } = await pool.query<{ ms: string }>(
      "SELECT setting AS ms FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'",
    );
    expect(Number(rows[0]!.ms)).toBe(IDLE_IN_TRANSACTION_MS);
  } finally {
    await pool.end();
  }
});

it.skipIf(unavailable)(
  "a transaction left idle loses its session and its row lock, and the other writers go on",
  async () => {
    const admin = createPgPool(cluster!.url);
    const stuckPool = createPgPool(`${cluster!.url}?idle_in_transaction_session_timeout=500`);
    try {
      await admin.query("CREATE TABLE hot_row (id int PRIMARY KEY, n int NOT NULL)");
      await admin.query("INSERT INTO hot_row VALUES (1, 0)");
      const stuck = await stuckPool.connect();
      const ended = new Promise<unknown>((resolve) => stuck.once("error", resolve));
      await stuck.query("BEGIN");
      await stuck.query("UPDATE hot_row SET n = n + 1 WHERE id = 1"); // holds the row's lock, then nothing more
      // Another node's write to the row waits for the lock, and gets it once the session is ended.
      const writer = await admin.connect();
      try {
        await writer.query("SET lock_timeout = '5s'");
        const started = Date.now();
        await writer.query("UPDATE hot_row SET n = n + 10 WHERE id = 1");
        expect(Date.now() - started).toBeLessThan(5_000);
      } finally {
        writer.release();
      }
      expect(String(await ended)).toMatch(/idle-in-transaction timeout/);
      stuck.release(true);
      // The stuck transaction's update was rolled back; the other write stands.
      const { rows } = await admin.query<{ n: number }>("SELECT n FROM hot_row WHERE id = 1");
      expect(rows[0]!.n).toBe(10);
    } finally {
      await stuckPool.end();
      await admin.end();
    }
  },
  30_000,
);
