// The fan-out of one new comment to the followers of its case. createComment
// (app/models/comment.server.ts) tells the members the comment is addressed to
// (a reply, mentions, the case's author) in its own transaction and records ONE
// job; this handler writes "comment.followed" notifications for everyone else
// who follows the case, BATCH members per short transaction. Each notification
// used to be written inside the comment's transaction, ~2 ms each while every
// other database call of the process waited behind it (issue 10.9).
//
// A retry must not notify anyone twice: each batch saves the last follower it
// covered in the job's checkpoint, in the batch's own transaction, and a retry
// starts after it; a batch also skips members who already hold a notification
// of this comment (those told by the comment's transaction, whose reason is more
// specific).
import { z } from "zod";
import { prisma } from "~/utils/db.server.ts";
import {
  commentNotificationData,
  commentNotificationTarget,
  type CommentNotifyPayload,
} from "~/models/comment.server.ts";
import { recipientsWanting } from "~/models/notification.server.ts";
import { saveCheckpointIn } from "./queue.server.ts";

export const BATCH = 500; // under SQLite's bound-parameter limit (999) with room to spare

const PayloadSchema = z.object({
  commentId: z.string().min(1).max(40),
  actorId: z.string().min(1).max(40),
}) satisfies z.ZodType<CommentNotifyPayload>;

export async function fanOutComment(
  raw: unknown,
  job: { id: string; checkpoint: string | null },
  opts: { batchSize?: number; afterBatch?: (written: number) => Promise<void> } = {},
): Promise<number> {
  const payload = PayloadSchema.parse(raw);
  const batchSize = opts.batchSize ?? BATCH;
  const comment = await prisma.comment.findUnique({
    where: { id: payload.commentId },
    select: {
      id: true,
      bodyText: true,
      deletedAt: true,
      hiddenAt: true,
      author: { select: { displayName: true, username: true } },
      case: { select: { id: true, slug: true, title: true, titleEn: true, status: true, deletedAt: true } },
    },
  });
  // Deleted or hidden since, or the case went away: there is nothing left to see.
  if (!comment || comment.deletedAt || comment.hiddenAt) return 0;
  if (comment.case.status !== "published" || comment.case.deletedAt) return 0;
  // Grouped under the case (what the notification list shows as one item); this comment's own by its id in the data.
  const targetKey = commentNotificationTarget(comment.case.id);
  const data = JSON.stringify(commentNotificationData(comment.author, comment.case, comment.id, comment.bodyText));

  let written = 0;
  // Followers in keyset pages by member id, from where an earlier attempt stopped.
  let after = job.checkpoint ?? "";
  for (;;) {
    const page = await prisma.subscription.findMany({
      where: { targetType: "case", targetId: comment.case.id, userId: { gt: after } },
      orderBy: { userId: "asc" },
      take: batchSize,
      select: { userId: true },
    });
    if (!page.length) break;
    const last = page[page.length - 1]!.userId;
    const ids = page.map((s) => s.userId).filter((id) => id !== payload.actorId);
    const count = await prisma.$transaction(async (tx) => {
      const told = ids.length
        ? await tx.notification.findMany({
            where: { userId: { in: ids }, targetKey, data: { contains: comment.id } },
            select: { userId: true },
          })
        : [];
      const skip = new Set(told.map((n) => n.userId));
      // Members who turned "followed" notifications off get none (their settings, people issue 12.14).
      const wanting = await recipientsWanting(tx, ids, "comment.followed");
      const rows = wanting
        .filter((id) => !skip.has(id))
        .map((userId) => ({ userId, type: "comment.followed", data, targetKey }));
      if (rows.length) await tx.notification.createMany({ data: rows });
      await saveCheckpointIn(tx, job.id, last);
      return rows.length;
    });
    written += count;
    await opts.afterBatch?.(count);
    after = last;
    if (page.length < batchSize) break;
  }
  return written;
}
