// Writes that all touch one case (issue 14.3's concurrent writes): comments and votes
// posted at once on one case each recount it, so on PostgreSQL every pair of them side
// by side conflicted and the loser redid its transaction after a back-off (comment
// posts on two nodes: 8.9 req/s, 120 ms of CPU each). One process now queues them per
// case (oneWriterPer in app/utils/db.server.ts): they all commit, in turn, without a
// retry. Runs on SQLite and PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { oneWriterPer, prisma, queuedWriterKeys } from "~/utils/db.server.ts";
import { metrics } from "~/utils/metrics.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { createComment, parseCommentInput } from "~/models/comment.server.ts";
import { toggleHelpful } from "~/models/reaction.server.ts";
import { createTestBase } from "../helpers/bases.ts";
import { createPostingMember } from "../helpers/users.ts";

const member = (baseId?: string) => createPostingMember({ baseId });

async function retries(): Promise<number> {
  const { values } = await metrics.transactionRetries.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}

let caseId = "";

beforeAll(async () => {
  const base = await createTestBase();
  const author = await member(base.id);
  const content = {
    ...emptyContent(),
    title: "并发写入测试案例",
    summary: "s",
    baseId: base.id,
    stage: "pilot" as const,
  };
  const draft = await createDraft(author.id, crypto.randomUUID(), content);
  await publishCase(draft.id, author, content, { expectedVersion: draft.draftVersion });
  caseId = draft.id;
});

describe("writes on one hot case", () => {
  it("queues one process's writes per key, in order, and forgets the key after", async () => {
    const order: number[] = [];
    const slow = (n: number, ms: number) =>
      oneWriterPer("test:key", async () => {
        await new Promise((r) => setTimeout(r, ms));
        order.push(n);
        return n;
      });
    const other = oneWriterPer("test:other", async () => order.push(0));
    expect(await Promise.all([slow(1, 30), slow(2, 1), slow(3, 1), other])).toEqual([1, 2, 3, 1]);
    // The other key did not wait behind the first.
    expect(order).toEqual([0, 1, 2, 3]);
    await expect(oneWriterPer("test:key", () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    expect(queuedWriterKeys()).toBe(0);
  });

  it("takes 12 comments and 12 votes posted at once: all stored and counted, none retried", async () => {
    const people = await Promise.all(Array.from({ length: 12 }, () => member()));
    const before = await retries();
    await Promise.all(
      people.flatMap((who, i) => [
        createComment({ caseId, actor: who, doc: parseCommentInput({ text: `同时发表的评论 ${i}` }) }),
        toggleHelpful(who, "case", caseId),
      ]),
    );
    const c = await prisma.caseStudy.findUniqueOrThrow({
      where: { id: caseId },
      select: { commentCount: true, helpfulCount: true },
    });
    expect(c).toEqual({ commentCount: 12, helpfulCount: 12 });
    expect(await retries()).toBe(before);
    expect(queuedWriterKeys()).toBe(0);
  });
});
