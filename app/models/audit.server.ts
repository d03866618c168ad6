// The audit log of moderator and admin actions. Written in the same transaction
// as the action, so an action without its audit row cannot happen.
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";

type Tx = Prisma.TransactionClient | typeof prisma;

export interface AuditEntry {
  actorId: string;
  action: string; // verb.noun, e.g. "affiliation.approve", "user.suspend"
  targetType: string;
  targetId: string;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      reason: entry.reason ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
    },
  });
}

export async function listAudit(opts: { cursor?: string; take?: number; action?: string } = {}) {
  const take = Math.min(opts.take ?? 50, 200);
  const rows = await prisma.auditLog.findMany({
    where: opts.action ? { action: opts.action } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      action: true,
      targetType: true,
      targetId: true,
      reason: true,
      details: true,
      createdAt: true,
      actor: { select: { username: true, displayName: true } },
    },
  });
  return { rows: rows.slice(0, take), nextCursor: rows.length > take ? rows[take - 1]!.id : null };
}
