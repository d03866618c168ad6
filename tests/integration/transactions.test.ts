// How the app's interactive transactions behave on the database they run on
// (app/utils/db.server.ts). On PostgreSQL a transaction holds one pg client: Prisma's
// query plans read a record's relations side by side, and pg queued the second
// statement behind the first on that client, which pg deprecates and pg 9 refuses
// ("Calling client.query() when the client is already executing a query").
import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { sqlProvider } from "~/utils/sql-dialect.ts";
import { createTestBase } from "../helpers/bases.ts";
import { createTestUser } from "../helpers/users.ts";

const warnings: string[] = [];
const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
process.on("warning", onWarning);
afterEach(() => {
  warnings.length = 0;
});

describe("a transaction's statements", () => {
  it("run one at a time on its connection, however Prisma plans a read of relations", async () => {
    const base = await createTestBase();
    const user = await createTestUser();
    await prisma.user.update({ where: { id: user.id }, data: { baseId: base.id } });
    const read = await prisma.$transaction(async (tx) => {
      // One call: Prisma reads the user, then their base, comments, cases and
      // affiliation requests side by side.
      const row = await tx.user.findUnique({
        where: { id: user.id },
        select: {
          id: true,
          base: { select: { id: true } },
          comments: { select: { id: true } },
          cases: { select: { id: true } },
          affiliationRequests: { select: { id: true } },
        },
      });
      await tx.user.update({ where: { id: user.id }, data: { title: "事务里" } });
      return [row];
    });
    expect(read.map((r) => r?.base?.id)).toEqual([base.id]);
    // Warnings are emitted on the next tick.
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((w) => w.includes("already executing a query"))).toEqual([]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).title).toBe("事务里");
  });

  it.skipIf(sqlProvider() !== "postgresql")(
    "on PostgreSQL: 100 transactions writing one row at once all commit, each seeing the last",
    async () => {
      const user = await createTestUser();
      // 100 read-modify-write transactions on one row at once, each holding its read a
      // moment: each conflict is retried (at 8 side-by-side attempts some ran out).
      await Promise.all(
        Array.from({ length: 100 }, () =>
          prisma.$transaction(async (tx) => {
            const u = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { bio: true } });
            await new Promise((r) => setTimeout(r, 5));
            await tx.user.update({ where: { id: user.id }, data: { bio: `${u.bio}x` } });
          }),
        ),
      );
      expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).bio).toBe("x".repeat(100));
    },
  );
});
