// The one Prisma connection is shared by every request of a process. A
// statement from another request must never run inside an open interactive
// transaction: it would read writes that can still roll back, and its own
// write would roll back with them (app/utils/db.server.ts).
import { describe, expect, it } from "vitest";
import { dbReady, prisma } from "~/utils/db.server.ts";
import { sqlProvider } from "~/utils/sql-dialect.ts";
import { createTestUser } from "../helpers/users.ts";

const tick = () => new Promise((r) => setTimeout(r, 20));

describe("statements outside a transaction while one is open", () => {
  it("neither see its uncommitted writes nor get rolled back with it", async () => {
    const outsider = await createTestUser();
    let inside!: () => void;
    const wrote = new Promise<void>((r) => (inside = r));
    const failing = prisma
      .$transaction(async (tx) => {
        await tx.topic.create({ data: { slug: "uncommitted", nameZh: "未提交", nameEn: "Uncommitted" } });
        inside();
        await tick();
        await tick();
        throw new Error("roll back");
      })
      .catch((e: Error) => e.message);

    await wrote;
    // Another request's read and write, while the transaction is open.
    const seen = prisma.topic.findUnique({ where: { slug: "uncommitted" } });
    const renamed = prisma.user.update({ where: { id: outsider.id }, data: { displayName: "改名之后" } });
    expect(await failing).toBe("roll back");
    expect(await seen).toBeNull();
    await renamed;
    expect((await prisma.user.findUniqueOrThrow({ where: { id: outsider.id } })).displayName).toBe("改名之后");
  });

  // SQLite only: PRAGMAs are SQLite's per-connection settings (dbReady sets none on PostgreSQL).
  it.skipIf(sqlProvider() === "postgresql")(
    "the per-connection pragmas can be set while transactions come and go",
    async () => {
      const busy = prisma.$transaction(async (tx) => {
        await tx.topic.create({ data: { slug: "pragma-race", nameZh: "并发", nameEn: "Race" } });
        await tick();
      });
      await Promise.all([busy, prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL"), dbReady()]);
      expect(await prisma.topic.count({ where: { slug: "pragma-race" } })).toBe(1);
    },
  );
});
