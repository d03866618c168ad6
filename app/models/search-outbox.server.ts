// Records which search documents must be refreshed. Every write that changes an
// indexed field calls this inside its own transaction (DESIGN.md data flow 3).
import type { Prisma } from "~/utils/db.server.ts";

export async function enqueueSearchDocs(tx: Prisma.TransactionClient, docIds: string[]): Promise<void> {
  if (docIds.length === 0) return;
  await tx.searchOutbox.createMany({ data: [...new Set(docIds)].map((docId) => ({ docId })) });
}

export const caseDocId = (caseId: string) => `case-${caseId}`;

export const commentDocId = (commentId: string) => `comment-${commentId}`;

/**
 * A case's own document and its discussion documents: these carry the case's
 * title and visibility, so publishing, hiding and deleting a case refresh them all.
 */
export async function enqueueCaseWithDiscussion(tx: Prisma.TransactionClient, caseId: string): Promise<void> {
  const comments = await tx.comment.findMany({ where: { caseId }, select: { id: true } });
  await enqueueSearchDocs(tx, [caseDocId(caseId), ...comments.map((c) => commentDocId(c.id))]);
}
