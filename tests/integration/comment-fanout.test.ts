// Issue 10.9: a comment on a case with 2,000 followers. Their notifications used
// to be written inside the comment's transaction (~2 ms each), and the process's
// one database connection is held by a transaction from BEGIN to COMMIT
// (app/utils/db.server.ts): every other request's query waited seconds. Now the
// transaction records one job and the worker fans out in batches.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { COMMENT_NOTIFY_JOB, createComment } from "~/models/comment.server.ts";
import { fanOutComment } from "~/jobs/comment-notify.server.ts";
import { runDueJobs } from "~/jobs/worker.server.ts";
import { createTestBase } from "../helpers/bases.ts";
import { createTestUser } from "../helpers/users.ts";

const FOLLOWERS = 2_000;

let caseId = "";
let caseAuthorId = "";
let followerIds: string[] = [];

async function actor() {
  const u = await createTestUser();
  const row = await prisma.user.update({
    where: { id: u.id },
    data: { createdAt: new Date(Date.now() - 3 * 86_400_000) },
    select: { id: true, role: true, createdAt: true, displayName: true, username: true },
  });
  return { ...row, emailVerified: true };
}

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

beforeAll(async () => {
  const base = await createTestBase();
  const author = await createTestUser();
  caseAuthorId = author.id;
  await prisma.user.update({ where: { id: author.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  const content = { ...emptyContent(), title: "两千人关注的案例", summary: "s", baseId: base.id };
  const draft = await createDraft(author.id, crypto.randomUUID(), content);
  const actorRow = { id: author.id, role: "member", baseId: base.id, baseVerified: true, emailVerified: true };
  await publishCase(draft.id, actorRow, content, { expectedVersion: draft.draftVersion });
  caseId = draft.id;
  // Followers straight into the tables: 2,000 sign-ups would hash 2,000 passwords.
  const tag = Date.now().toString(36);
  const users = Array.from({ length: FOLLOWERS }, (_, i) => ({
    id: `f${tag}${String(i).padStart(5, "0")}`,
    email: `follower-${tag}-${i}@example.cn`,
    username: `follower_${tag}_${i}`,
    displayName: `关注者 ${i}`,
    passwordHash: "x",
  }));
  for (let i = 0; i < users.length; i += 400) await prisma.user.createMany({ data: users.slice(i, i + 400) });
  followerIds = users.map((u) => u.id);
  for (let i = 0; i < users.length; i += 400)
    await prisma.subscription.createMany({
      data: users.slice(i, i + 400).map((u) => ({ userId: u.id, targetType: "case", targetId: caseId })),
    });
}, 120_000);

/** Everyone following the case now, by id (the keyset order of the fan-out). */
async function subscribers(): Promise<string[]> {
  const rows = await prisma.subscription.findMany({
    where: { targetType: "case", targetId: caseId },
    orderBy: { userId: "asc" },
    select: { userId: true },
  });
  return rows.map((r) => r.userId);
}

async function notificationsOf(commentId: string) {
  const rows = await prisma.notification.findMany({
    where: { data: { contains: commentId } },
    select: { userId: true, type: true },
  });
  return rows;
}

/** Runs `work` while another caller queries the database in a loop; the longest wait that caller saw. */
async function longestWaitDuring<T>(work: () => Promise<T>): Promise<{ result: T; longestMs: number; probes: number }> {
  let done = false;
  let longestMs = 0;
  let probes = 0;
  const probe = (async () => {
    while (!done) {
      // From the moment it could run: a request waits for the event loop as well as for the connection.
      const started = performance.now();
      await new Promise((r) => setImmediate(r));
      await prisma.$queryRaw`SELECT 1`;
      longestMs = Math.max(longestMs, performance.now() - started);
      probes += 1;
    }
  })();
  // Let the probe start first, as another request would be in flight.
  await new Promise((r) => setImmediate(r));
  const result = await work();
  done = true;
  await probe;
  return { result, longestMs, probes };
}

/** The median time of a transaction that reads and writes one row: the machine's speed right now. */
async function twoStatementTransactionMs(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await prisma.$transaction(async (tx) => {
      await tx.user.findUniqueOrThrow({ where: { id: caseAuthorId }, select: { id: true } });
      await tx.user.update({ where: { id: caseAuthorId }, data: { updatedAt: new Date() } });
    });
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[2]!;
}

describe("a comment on a case with 2,000 followers", () => {
  it("writes no follower's notification in its transaction and holds the connection under 50 ms", async () => {
    const me = await actor();
    // Warm up the statements (Prisma compiles each query shape once per process).
    await createComment({ caseId, actor: me, doc: doc("热身评论") });
    const jobsBefore = await prisma.job.count({ where: { kind: COMMENT_NOTIFY_JOB } });

    // The comment's transaction holds the connection from BEGIN to COMMIT: time it.
    // Three comments, the median: one scheduling hiccup on a shared machine is not
    // the transaction's doing; 2,000 writes inside it were seconds every time.
    const transactionMs: number[] = [];
    const client = prisma as unknown as { $transaction: (...a: unknown[]) => Promise<unknown> };
    const original = client.$transaction;
    client.$transaction = (...args: unknown[]) => {
      const started = performance.now();
      return original.apply(prisma, args).finally(() => transactionMs.push(performance.now() - started));
    };
    const posted: Array<Awaited<ReturnType<typeof createComment>>> = [];
    let longestMs = 0;
    try {
      for (let i = 0; i < 3; i++) {
        const m = await longestWaitDuring(() => createComment({ caseId, actor: me, doc: doc(`两千位关注者 ${i}`) }));
        posted.push(m.result);
        expect(m.probes).toBeGreaterThan(0);
        longestMs = Math.max(longestMs, m.longestMs);
      }
    } finally {
      client.$transaction = original;
    }
    expect(transactionMs).toHaveLength(3);
    const median = [...transactionMs].sort((a, b) => a - b)[1]!;
    // 50 ms on a machine at rest. On a shared machine at load 10 every statement takes
    // several times longer, so the bound grows with what a two-statement transaction
    // costs right now (~2 ms at rest: the bound stays 50); 2,000 writes were seconds.
    const bound = Math.max(50, 12 * (await twoStatementTransactionMs()));
    expect(median, `the comment's transaction held the connection (ms): ${transactionMs.join(", ")}`).toBeLessThan(
      bound,
    );
    // Another caller never waited anywhere near the seconds it used to.
    expect(longestMs, "the longest another query waited (ms)").toBeLessThan(250);
    const created = posted[2]!;

    // Inside the transaction: the case's author (addressed), one job — no follower.
    const rows = await notificationsOf(created.id);
    expect(rows).toEqual([{ userId: caseAuthorId, type: "comment.onYourCase" }]);
    expect(await prisma.job.count({ where: { kind: COMMENT_NOTIFY_JOB } })).toBe(jobsBefore + 3);

    // The worker tells each follower once, and the author is not told twice.
    while ((await runDueJobs("fanout-test", 10)) > 0) {
      /* drain */
    }
    const after = await notificationsOf(created.id);
    const byUser = new Map<string, string[]>();
    for (const r of after) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r.type]);
    const followed = (await subscribers()).filter((id) => id !== me.id && id !== caseAuthorId);
    expect(followed.length).toBeGreaterThanOrEqual(FOLLOWERS);
    expect(after).toHaveLength(followed.length + 1);
    for (const id of followerIds) expect(byUser.get(id), id).toEqual(["comment.followed"]);
    expect(byUser.get(caseAuthorId)).toEqual(["comment.onYourCase"]);
    expect(byUser.has(me.id)).toBe(false);
    const job = await prisma.job.findFirstOrThrow({
      where: { kind: COMMENT_NOTIFY_JOB, payload: { contains: created.id } },
      select: { status: true, checkpoint: true },
    });
    expect(job.status).toBe("done");
  }, 120_000);

  it("a fan-out that dies half-way resumes from its checkpoint and notifies nobody twice", async () => {
    const me = await actor();
    const created = await createComment({ caseId, actor: me, doc: doc("中途失败的通知任务") });
    const job = await prisma.job.findFirstOrThrow({
      where: { kind: COMMENT_NOTIFY_JOB, payload: { contains: created.id } },
      select: { id: true, payload: true },
    });
    let batches = 0;
    await expect(
      fanOutComment(
        JSON.parse(job.payload),
        { id: job.id, checkpoint: null },
        {
          batchSize: 300,
          afterBatch: async () => {
            batches += 1;
            if (batches === 3) throw new Error("worker died");
          },
        },
      ),
    ).rejects.toThrow("worker died");
    const subs = await subscribers();
    const toTell = (ids: string[]) => ids.filter((id) => id !== me.id && id !== caseAuthorId).length;
    const saved = await prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { checkpoint: true } });
    expect(saved.checkpoint).toBe(subs[899]);
    expect((await notificationsOf(created.id)).length).toBe(toTell(subs.slice(0, 900)) + 1);

    const rest = await fanOutComment(JSON.parse(job.payload), { id: job.id, checkpoint: saved.checkpoint });
    expect(rest).toBe(toTell(subs.slice(900)));
    const rows = await notificationsOf(created.id);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(rows.length);
    expect(rows).toHaveLength(toTell(subs) + 1);

    // Even from the start again (a checkpoint lost), nobody is told twice.
    expect(await fanOutComment(JSON.parse(job.payload), { id: job.id, checkpoint: null })).toBe(0);
    expect(await notificationsOf(created.id)).toHaveLength(toTell(subs) + 1);
  }, 120_000);

  it("a comment deleted before its job runs notifies no follower", async () => {
    const me = await actor();
    const created = await createComment({ caseId, actor: me, doc: doc("马上删除") });
    await prisma.comment.update({ where: { id: created.id }, data: { deletedAt: new Date() } });
    while ((await runDueJobs("fanout-test", 10)) > 0) {
      /* drain */
    }
    expect(await notificationsOf(created.id)).toEqual([{ userId: caseAuthorId, type: "comment.onYourCase" }]);
  });
});
