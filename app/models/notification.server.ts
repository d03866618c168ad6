// In-app notifications. Writers pass a transaction so a notification exists
// exactly when the event that caused it does.
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readStatement } from "~/utils/db-read.server.ts";

type Tx = Prisma.TransactionClient | typeof prisma;

export async function notify(
  tx: Tx,
  userId: string,
  type: string,
  data: Record<string, unknown>,
  targetKey: string | null = null,
): Promise<void> {
  await tx.notification.create({ data: { userId, type, data: JSON.stringify(data), targetKey } });
}

/** The bell's number, on every page a member loads: read on the read connection (ADR 012). */
export function unreadNotificationCount(userId: string): Promise<number> {
  const row = readStatement("SELECT count(*) AS n FROM Notification WHERE userId = ? AND readAt IS NULL").get(
    userId,
  ) as { n: number };
  return Promise.resolve(row.n);
}

export async function listNotifications(userId: string, opts: { take?: number } = {}) {
  const rows = await prisma.notification.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.take ?? 50,
    select: { id: true, type: true, data: true, readAt: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, data: parseNotificationData(r.data) }));
}

/** A notification's data column as an object; a malformed row must not break the page or the digest. */
export function parseNotificationData(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function markNotificationRead(userId: string, id: string): Promise<void> {
  // Scoped by userId: a member can only ever mark their own notifications.
  await prisma.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } });
}

export async function markAllNotificationsRead(userId: string): Promise<void> {
  await prisma.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
}
