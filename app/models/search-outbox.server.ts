// Records which search documents must be refreshed. Every write that changes an
// indexed field calls this inside its own transaction (DESIGN.md data flow 3).
import type { Prisma } from "~/utils/db.server.ts";

export async function enqueueSearchDocs(tx: Prisma.TransactionClient, docIds: string[]): Promise<void> {
  if (docIds.length === 0) return;
  await tx.searchOutbox.createMany({ data: [...new Set(docIds)].map((docId) => ({ docId })) });
}

export const caseDocId = (caseId: string) => `case-${caseId}`;
