// In-app notifications. Writers pass a transaction so a notification exists
// exactly when the event that caused it does.
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readStatement } from "~/utils/db-read.server.ts";
import { parseNotificationSettings, wantsInApp } from "./notification-settings.ts";

type Tx = Prisma.TransactionClient | typeof prisma;

/**
 * Writes a notification unless the member turned this kind off (their
 * notification settings); a deleted account gets none. Read in the writer's
 * transaction, so a settings change and an event never cross.
 * `targetKey` names what the notification is about ("case:<id>", "comment:<id>"):
 * the list groups by it and opening the item marks its notifications read.
 */
export async function notify(
  tx: Tx,
  userId: string,
  type: string,
  data: Record<string, unknown>,
  targetKey: string | null = null,
): Promise<void> {
  if (!(await wantsNotification(tx, userId, type))) return;
  await tx.notification.create({ data: { userId, type, data: JSON.stringify(data), targetKey } });
}

/**
 * notify for several members at once, each with a type of their own: their settings in
 * one read and the notifications in one insert (a comment tells its addressees in the
 * poster's transaction, which other writes of the case wait for).
 */
export async function notifyEach(
  tx: Tx,
  recipients: ReadonlyMap<string, { type: string }>,
  data: Record<string, unknown>,
  targetKey: string | null = null,
): Promise<void> {
  if (!recipients.size) return;
  const users = await tx.user.findMany({
    where: { id: { in: [...recipients.keys()] }, deletedAt: null },
    select: { id: true, notificationSettings: true },
  });
  const json = JSON.stringify(data);
  const rows = users
    .filter((u) => wantsInApp(parseNotificationSettings(u.notificationSettings), recipients.get(u.id)!.type))
    .map((u) => ({ userId: u.id, type: recipients.get(u.id)!.type, data: json, targetKey }));
  if (rows.length) await tx.notification.createMany({ data: rows });
}

async function wantsNotification(tx: Tx, userId: string, type: string): Promise<boolean> {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { notificationSettings: true, deletedAt: true },
  });
  return !!user && !user.deletedAt && wantsInApp(parseNotificationSettings(user.notificationSettings), type);
}

/** Helpful votes on one item add up in one notification for this long (issue 12.11). */
export const BATCH_PERIOD_MS = 24 * 60 * 60 * 1000;

/**
 * A notification that adds up instead of repeating: while the member's last one
 * of this type about this item is unread, not yet mailed and younger than
 * BATCH_PERIOD_MS, it is updated (count + 1, the newest data); otherwise a new
 * one starts at count 1. So many votes on one comment make one notification per
 * period, not one per vote.
 */
export async function notifyBatched(
  tx: Tx,
  userId: string,
  type: string,
  targetKey: string,
  data: Record<string, unknown>,
  now = new Date(),
): Promise<void> {
  if (!(await wantsNotification(tx, userId, type))) return;
  const open = await tx.notification.findFirst({
    where: {
      userId,
      type,
      targetKey,
      readAt: null,
      mailedAt: null,
      createdAt: { gte: new Date(now.getTime() - BATCH_PERIOD_MS) },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, data: true },
  });
  if (open) {
    const before = parseNotificationData(open.data).count;
    const count = (typeof before === "number" ? before : 1) + 1;
    await tx.notification.update({ where: { id: open.id }, data: { data: JSON.stringify({ ...data, count }) } });
  } else {
    await tx.notification.create({
      data: { userId, type, targetKey, data: JSON.stringify({ ...data, count: 1 }), createdAt: now },
    });
  }
}

/** Of these members, the ones who want notifications of `type` (for writers that create many at once). */
export async function recipientsWanting(tx: Tx, userIds: string[], type: string): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await tx.user.findMany({
    where: { id: { in: userIds }, deletedAt: null },
    select: { id: true, notificationSettings: true },
  });
  const wanted = new Set(
    rows.filter((r) => wantsInApp(parseNotificationSettings(r.notificationSettings), type)).map((r) => r.id),
  );
  return userIds.filter((id) => wanted.has(id));
}

/** The bell's number, on every page a member loads: read on the read connection (ADR 012). */
export async function unreadNotificationCount(userId: string): Promise<number> {
  const row = (await readStatement("SELECT count(*) AS n FROM Notification WHERE userId = ? AND readAt IS NULL").get(
    userId,
  )) as { n: number };
  return row.n;
}

export async function listNotifications(userId: string, opts: { take?: number } = {}) {
  const rows = await prisma.notification.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.take ?? 50,
    select: { id: true, type: true, data: true, readAt: true, createdAt: true, targetKey: true },
  });
  return rows.map((r) => ({ ...r, data: parseNotificationData(r.data) }));
}

/**
 * The notifications grouped by the item they are about (targetKey), newest
 * group first: each group is its newest notification and the earlier ones.
 * Notifications without a targetKey stand alone.
 */
export function groupNotifications<T extends { id: string; targetKey: string | null }>(
  rows: T[],
): Array<{ key: string; latest: T; earlier: T[] }> {
  const groups = new Map<string, { key: string; latest: T; earlier: T[] }>();
  for (const r of rows) {
    const key = r.targetKey ?? `single:${r.id}`;
    const g = groups.get(key);
    if (g) g.earlier.push(r);
    else groups.set(key, { key, latest: r, earlier: [] });
  }
  return [...groups.values()];
}

/**
 * Opening a notification: it and every other unread one about the same item are
 * read. Returns where it leads (a same-site path), or null when it is not the
 * member's.
 */
export async function openNotification(userId: string, id: string): Promise<{ href: string | null } | null> {
  const n = await prisma.notification.findFirst({ where: { id, userId }, select: { data: true, targetKey: true } });
  if (!n) return null;
  const now = new Date();
  await prisma.notification.updateMany({
    where: n.targetKey ? { userId, targetKey: n.targetKey, readAt: null } : { id, userId, readAt: null },
    data: { readAt: now },
  });
  const href = parseNotificationData(n.data).href;
  return { href: typeof href === "string" ? href : null };
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
