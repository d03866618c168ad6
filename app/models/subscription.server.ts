// Follows: a member follows a case (its discussion), a topic or a base. Authors
// follow their own cases and commenters the cases they comment on, automatically.
import type { Prisma, prisma } from "~/utils/db.server.ts";
import { readStatement } from "~/utils/db-read.server.ts";

type Tx = Prisma.TransactionClient | typeof prisma;

export const FOLLOW_TARGETS = ["case", "topic", "base"] as const;
export type FollowTarget = (typeof FOLLOW_TARGETS)[number];

export function isFollowTarget(value: unknown): value is FollowTarget {
  return typeof value === "string" && (FOLLOW_TARGETS as readonly string[]).includes(value);
}

/** Idempotent: following twice leaves one row (the unique index decides under concurrency). */
export async function follow(tx: Tx, userId: string, targetType: FollowTarget, targetId: string): Promise<void> {
  // Not an upsert: Prisma ran one as three statements whether the row existed or not (a
  // select, then an insert or nothing, then the row read back); a member who comments
  // again mostly follows already: one statement (ADR 071).
  const key = { userId_targetType_targetId: { userId, targetType, targetId } };
  if (await tx.subscription.findUnique({ where: key, select: { id: true } })) return;
  await tx.subscription.create({ data: { userId, targetType, targetId }, select: { id: true } });
}

export async function unfollow(tx: Tx, userId: string, targetType: FollowTarget, targetId: string): Promise<void> {
  await tx.subscription.deleteMany({ where: { userId, targetType, targetId } });
}

/** Asked on every case, topic and base page a member opens: read connection (ADR 012). */
export async function isFollowing(userId: string, targetType: FollowTarget, targetId: string): Promise<boolean> {
  return (
    (await readStatement("SELECT 1 FROM Subscription WHERE userId = ? AND targetType = ? AND targetId = ?").get(
      userId,
      targetType,
      targetId,
    )) !== undefined
  );
}

/** Ids of the members who follow a target (for notification fan-out). */
export async function followerIds(tx: Tx, targetType: FollowTarget, targetId: string): Promise<string[]> {
  const rows = await tx.subscription.findMany({ where: { targetType, targetId }, select: { userId: true } });
  return rows.map((r) => r.userId);
}
