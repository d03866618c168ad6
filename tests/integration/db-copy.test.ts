// `npm run db:copy`: a SQLite deployment moved into a throwaway PostgreSQL 15 keeps
// every row, its Chinese text, dates, flags and threads, and ids keep counting.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { createComment } from "~/models/comment.server.ts";
import { createPgPool } from "~/utils/pg-adapter.ts";
import { copyDatabase } from "../../scripts/db-copy.ts";
import { createTestBase } from "../helpers/bases.ts";
import { createTestUser } from "../helpers/users.ts";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../helpers/postgres.ts";

const unavailable = postgresUnavailable();
if (unavailable && process.env.CI) throw new Error(unavailable);

describe.skipIf(unavailable)("db:copy from SQLite to PostgreSQL", () => {
  let cluster: PostgresCluster;
  let caseId = "";
  let replyId = "";

  beforeAll(async () => {
    cluster = await startPostgres();
    const base = await createTestBase({ slug: "copy-base" });
    const u = await createTestUser();
    await prisma.user.update({ where: { id: u.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
    const actor = { id: u.id, role: "member" as const, baseId: base.id, baseVerified: true, emailVerified: true };
    const content = { ...emptyContent(), title: "跨境电商数字化转型", summary: "摘要：海外仓", baseId: base.id };
    const d = await createDraft(u.id, crypto.randomUUID(), content);
    await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion });
    caseId = d.id;
    const commenter = { ...actor, displayName: "复制测试", username: u.username, createdAt: new Date(0) };
    const doc = (text: string) => ({
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text }] }],
    });
    const top = await createComment({ caseId, actor: commenter, doc: doc("请问海外仓的成本？") });
    const reply = await createComment({ caseId, actor: commenter, doc: doc("大约三成。"), parentId: top.id });
    replyId = reply.id;
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("copies every table with its values, in one transaction, and refuses a non-empty target", async () => {
    const lines: string[] = [];
    const report = await copyDatabase(process.env.DATABASE_URL!, cluster.url, (l) => lines.push(l));
    const counts = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
    expect(counts).toMatchObject({
      User: await prisma.user.count(),
      CaseStudy: await prisma.caseStudy.count(),
      Comment: 2,
      SearchOutbox: await prisma.searchOutbox.count(),
    });

    const pool = createPgPool(cluster.url);
    try {
      const c = await pool.query('SELECT "title", "publishedAt" FROM "CaseStudy" WHERE "id" = $1', [caseId]);
      const original = await prisma.caseStudy.findUniqueOrThrow({ where: { id: caseId } });
      expect(c.rows[0].title).toBe("跨境电商数字化转型");
      expect((c.rows[0].publishedAt as Date).getTime()).toBe(original.publishedAt!.getTime());
      const r = await pool.query('SELECT "parentId", "bodyText" FROM "Comment" WHERE "id" = $1', [replyId]);
      expect(r.rows[0].bodyText).toBe("大约三成。");
      expect(r.rows[0].parentId).toBeTruthy();
      const demo = await pool.query('SELECT count(*)::int AS n FROM "User" WHERE "isDemo" = false');
      expect(demo.rows[0].n).toBe(await prisma.user.count({ where: { isDemo: false } }));
      // Autoincrement ids continue after the copied ones.
      const maxId = (await prisma.searchOutbox.aggregate({ _max: { id: true } }))._max.id ?? 0;
      const next = await pool.query(`INSERT INTO "SearchOutbox" ("docId") VALUES ('case-new') RETURNING "id"`);
      expect(next.rows[0].id).toBeGreaterThan(maxId);
    } finally {
      await pool.end();
    }

    await expect(copyDatabase(process.env.DATABASE_URL!, cluster.url, () => {})).rejects.toThrow(/target is not empty/);
    await expect(copyDatabase("postgresql://x", cluster.url, () => {})).rejects.toThrow(/--from must be a file: URL/);

    // The command operators run (docs/operations.md) reaches the same copy: here it meets the
    // target just filled and refuses it; without its arguments it says how to call it.
    const cli = (args: string[]) =>
      spawnSync("npm", ["run", "--silent", "db:copy", "--", ...args], { encoding: "utf8", timeout: 60_000 });
    const again = cli(["--from", process.env.DATABASE_URL!, "--to", cluster.url]);
    expect(again.status, again.stdout + again.stderr).toBe(1);
    expect(again.stderr).toMatch(/^db:copy: .*target is not empty/m);
    const bare = cli([]);
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain("Usage: npm run db:copy -- --from file:data/app.db --to postgresql://");
  }, 180_000);
});
