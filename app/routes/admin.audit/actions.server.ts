// The audit actions that occur in the log, for the filter (one small query on
// the action column; new kinds of actions appear without a code change).
import { prisma } from "~/utils/db.server.ts";

export async function auditActions(): Promise<string[]> {
  const rows = await prisma.auditLog.groupBy({ by: ["action"], orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}

/** Display names of user targets on one page, in one query (no per-row lookups). */
export async function userTargets(ids: string[]) {
  if (!ids.length) return {};
  const users = await prisma.user.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, username: true, displayName: true },
  });
  return Object.fromEntries(users.map((u) => [u.id, u]));
}
