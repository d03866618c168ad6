// "Helpful" votes on cases and comments: one per member per target, toggled.
// The count is recomputed from the Reaction rows inside the same transaction
// as the insert or delete, so concurrent toggles can never leave it wrong
// (SQLite runs write transactions one at a time; the unique index
// (userId, targetType, targetId) keeps a double click to one row).
//
// Several server processes share the database: the transaction holds SQLite's
// write lock from its start (db.server.ts begins it IMMEDIATE), so a vote at
// one process waits for a vote at the other instead of failing. The toggle
// removes the member's vote first and adds one only if there was none; checks
// that refuse the vote run after and roll it back
// (tests/integration/two-server-processes.test.ts).
import { lockingTransaction, oneWriterPer } from "~/utils/db.server.ts";
import { readStatement } from "~/utils/db-read.server.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import { caseDocId, enqueueSearchDocs } from "./search-outbox.server.ts";
import { commentHref, missingAsNull } from "./comment.server.ts";
import { notifyBatched } from "./notification.server.ts";

export type VoteTarget = "case" | "comment";

export class VoteError extends Error {
  constructor(public readonly code: "not-found" | "forbidden" | "not-verified") {
    super(code);
    this.name = "VoteError";
  }
}

export function isVoteTarget(v: unknown): v is VoteTarget {
  return v === "case" || v === "comment";
}

export async function toggleHelpful(
  actor: Pick<SessionUser, "id" | "emailVerified"> & { displayName?: string },
  targetType: VoteTarget,
  targetId: string,
): Promise<{ voted: boolean; count: number }> {
  if (!actor.emailVerified) throw new VoteError("not-verified");
  // A vote recounts its target and bumps its case's version: one writer per target in this process.
  return oneWriterPer(`${targetType}:${targetId}`, () => voteIn(actor, targetType, targetId));
}

async function voteIn(
  actor: Pick<SessionUser, "id" | "emailVerified"> & { displayName?: string },
  targetType: VoteTarget,
  targetId: string,
): Promise<{ voted: boolean; count: number }> {
  return lockingTransaction(
    async (tx) => {
      // The case row first, updated (its discussion version): on PostgreSQL every write of
      // the case's discussion queues on its lock instead of conflicting, and what follows
      // sees what they committed (ADR 071). A comment's case never changes: read it first.
      let caseId = targetId;
      if (targetType === "comment") {
        const of = await tx.comment.findUnique({ where: { id: targetId }, select: { caseId: true } });
        if (!of) throw new VoteError("not-found");
        caseId = of.caseId;
      }
      const c = await tx.caseStudy
        .update({
          where: { id: caseId },
          data: { discussionVersion: { increment: 1 } },
          select: { authorId: true, status: true, deletedAt: true, slug: true, title: true, titleEn: true },
        })
        .catch(missingAsNull);
      if (!c) throw new VoteError("not-found");
      const removed = await tx.reaction.deleteMany({ where: { userId: actor.id, targetType, targetId } });
      let notice: { authorId: string; title: string; titleEn: string | null; href: string };
      if (targetType === "case") {
        if (c.deletedAt || c.status !== "published") throw new VoteError("not-found");
        if (c.authorId === actor.id) throw new VoteError("forbidden");
        notice = { authorId: c.authorId, title: c.title, titleEn: c.titleEn, href: `/cases/${c.slug}` };
      } else {
        const comment = await tx.comment.findUnique({
          where: { id: targetId },
          select: { authorId: true, deletedAt: true, hiddenAt: true, pendingAt: true },
        });
        if (!comment || comment.deletedAt || comment.hiddenAt || comment.pendingAt) throw new VoteError("not-found");
        if (comment.authorId === actor.id) throw new VoteError("forbidden");
        notice = {
          authorId: comment.authorId,
          title: c.title,
          titleEn: c.titleEn,
          href: commentHref(c.slug, targetId),
        };
      }
      const voted = removed.count === 0;
      if (voted) {
        await tx.reaction.create({ data: { userId: actor.id, targetType, targetId }, select: { id: true } });
        await notifyBatched(
          tx,
          notice.authorId,
          targetType === "case" ? "activity.helpfulCase" : "activity.helpfulComment",
          `${targetType}:${targetId}`,
          { actor: actor.displayName ?? "", title: notice.title, titleEn: notice.titleEn, href: notice.href },
        );
      }
      const count = await tx.reaction.count({ where: { targetType, targetId } });
      if (targetType === "case") {
        await tx.caseStudy.update({ where: { id: targetId }, data: { helpfulCount: count }, select: { id: true } });
        await enqueueSearchDocs(tx, [caseDocId(targetId)]);
      } else {
        await tx.comment.update({ where: { id: targetId }, data: { helpfulCount: count }, select: { id: true } });
      }
      return { voted, count };
    },
    { maxWait: 10_000, timeout: 10_000 },
  );
}

export async function hasVoted(userId: string, targetType: VoteTarget, targetId: string): Promise<boolean> {
  return (
    (await readStatement("SELECT 1 FROM Reaction WHERE userId = ? AND targetType = ? AND targetId = ?").get(
      userId,
      targetType,
      targetId,
    )) !== undefined
  );
}
