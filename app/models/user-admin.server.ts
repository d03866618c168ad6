// Admin actions on members: roles and suspension. Each writes its audit row in
// the same transaction; an admin can never act on their own account here, so
// the last admin cannot lock everyone out by accident.
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { endAllSessions } from "~/auth/session.server.ts";
import type { Role } from "~/auth/permissions.ts";
import { writeAudit } from "./audit.server.ts";

export const ADMIN_REASON_MAX = 500;
export const USERS_PER_PAGE = 30;

export type AdminError = "self" | "not-found" | "reason-required" | "unchanged";
type Result = { ok: true } | { ok: false; error: AdminError };

interface Actor {
  id: string;
}

const adminUserSelect = {
  id: true,
  email: true,
  emailVerifiedAt: true,
  username: true,
  displayName: true,
  role: true,
  suspendedAt: true,
  suspendedReason: true,
  isDemo: true,
  createdAt: true,
  baseVerifiedAt: true,
  base: { select: { slug: true, nameZh: true, nameEn: true } },
} as const satisfies Prisma.UserSelect;

export type AdminUserRow = Prisma.UserGetPayload<{ select: typeof adminUserSelect }>;

/** Members matching an email, username or display-name fragment, newest first. */
export async function searchUsers(opts: { q?: string | null; page?: number; perPage?: number } = {}) {
  const perPage = opts.perPage ?? USERS_PER_PAGE;
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  const q = opts.q?.trim().slice(0, 100);
  const where: Prisma.UserWhereInput = q
    ? {
        OR: [
          { email: { contains: q.toLowerCase() } },
          { username: { contains: q.toLowerCase() } },
          { displayName: { contains: q } },
        ],
      }
    : {};
  const [users, total] = await Promise.all([
    prisma.user.findMany({
      where,
      select: adminUserSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * perPage,
      take: perPage,
    }),
    prisma.user.count({ where }),
  ]);
  return { users, total, page, pages: Math.max(1, Math.ceil(total / perPage)) };
}

export function getUserForAdmin(id: string) {
  return prisma.user.findUnique({ where: { id }, select: adminUserSelect });
}

function cleanReason(reason: string | null | undefined): string {
  return (reason ?? "").trim().slice(0, ADMIN_REASON_MAX);
}

export async function setRole(actor: Actor, userId: string, role: Role, reason: string): Promise<Result> {
  if (actor.id === userId) return { ok: false, error: "self" };
  const why = cleanReason(reason);
  if (!why) return { ok: false, error: "reason-required" };
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!user) return { ok: false as const, error: "not-found" as const };
    if (user.role === role) return { ok: false as const, error: "unchanged" as const };
    await tx.user.update({ where: { id: userId }, data: { role } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: "user.role",
      targetType: "user",
      targetId: userId,
      reason: why,
      details: { from: user.role, to: role },
    });
    return { ok: true as const };
  });
}

/** Suspends a member and ends every session they have, so they are out at once. */
export async function suspendUser(actor: Actor, userId: string, reason: string): Promise<Result> {
  if (actor.id === userId) return { ok: false, error: "self" };
  const why = cleanReason(reason);
  if (!why) return { ok: false, error: "reason-required" };
  const result = await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { suspendedAt: true } });
    if (!user) return { ok: false as const, error: "not-found" as const };
    if (user.suspendedAt) return { ok: false as const, error: "unchanged" as const };
    await tx.user.update({ where: { id: userId }, data: { suspendedAt: new Date(), suspendedReason: why } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: "user.suspend",
      targetType: "user",
      targetId: userId,
      reason: why,
    });
    return { ok: true as const };
  });
  // After the commit: a session validated meanwhile is refused anyway, because
  // authenticate() rejects suspended users.
  if (result.ok) await endAllSessions(userId);
  return result;
}

export async function unsuspendUser(actor: Actor, userId: string, reason?: string | null): Promise<Result> {
  if (actor.id === userId) return { ok: false, error: "self" };
  const why = cleanReason(reason) || null;
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { suspendedAt: true } });
    if (!user) return { ok: false as const, error: "not-found" as const };
    if (!user.suspendedAt) return { ok: false as const, error: "unchanged" as const };
    await tx.user.update({ where: { id: userId }, data: { suspendedAt: null, suspendedReason: null } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: "user.unsuspend",
      targetType: "user",
      targetId: userId,
      reason: why,
    });
    return { ok: true as const };
  });
}
