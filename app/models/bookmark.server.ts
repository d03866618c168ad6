// Bookmarks (收藏): a member keeps cases to come back to. Private to the member
// (ADR 038): listed on their own profile page only, never counted publicly.
import type { Locale } from "~/i18n/config.ts";
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readStatement } from "~/utils/db-read.server.ts";
import { CARD_COLUMNS, fromCardRow, toCaseCard, VISIBLE, type CaseCardRow } from "./case.server.ts";

type Tx = Prisma.TransactionClient | typeof prisma;

/** How many bookmarks one member may keep: enough for years of reading, a bound on the profile query. */
export const MAX_BOOKMARKS = 2000;

export type BookmarkOutcome = "ok" | "not-found" | "limit";

/** Idempotent. Only a case anyone may read (published, not deleted) can be bookmarked. */
export async function addBookmark(userId: string, caseId: string): Promise<BookmarkOutcome> {
  return prisma.$transaction(async (tx) => {
    if ((await tx.caseStudy.count({ where: { id: caseId, ...VISIBLE } })) !== 1) return "not-found";
    if ((await tx.bookmark.count({ where: { userId } })) >= MAX_BOOKMARKS) return "limit";
    await tx.bookmark.upsert({
      where: { userId_caseId: { userId, caseId } },
      create: { userId, caseId },
      update: {},
    });
    return "ok";
  });
}

/** Removing works for any case, even one that has since gone away. */
export async function removeBookmark(tx: Tx, userId: string, caseId: string): Promise<void> {
  await tx.bookmark.deleteMany({ where: { userId, caseId } });
}

/** Asked on every case page a member opens: read connection (ADR 012). */
export async function isBookmarked(userId: string, caseId: string): Promise<boolean> {
  return (
    (await readStatement("SELECT 1 FROM Bookmark WHERE userId = ? AND caseId = ?").get(userId, caseId)) !== undefined
  );
}

/**
 * The member's bookmarked cases that are still readable, newest bookmark first, a page at a time.
 * On the read connection (ADR 048): through Prisma the member's own profile page loaded its
 * query compiler (~35 MiB for the life of the process, issue 15.4).
 */
export async function listBookmarks(userId: string, locale: Locale, opts: { page: number; perPage: number }) {
  const from = `FROM Bookmark bm JOIN CaseStudy c ON c.id = bm.caseId
   WHERE bm.userId = ? AND c.status = 'published' AND c.deletedAt IS NULL`;
  const [count, rows] = await Promise.all([
    readStatement(`SELECT count(*) AS n ${from}`).get(userId) as Promise<{ n: number }>,
    readStatement(
      `SELECT ${CARD_COLUMNS} FROM (SELECT c.id, bm.createdAt ${from}) p
         JOIN CaseStudy c ON c.id = p.id LEFT JOIN Base b ON b.id = c.baseId
        ORDER BY p.createdAt DESC, c.id LIMIT ? OFFSET ?`,
    ).all(userId, opts.perPage, (opts.page - 1) * opts.perPage) as Promise<CaseCardRow[]>,
  ]);
  return { total: count.n, cases: rows.map((r) => toCaseCard(fromCardRow(r), locale)) };
}
