// What a member's profile page lists besides the account itself: their visible
// comments (paginated), with the case each is on.
import type { Locale } from "~/i18n/config.ts";
import { readDate, readStatement } from "~/utils/db-read.server.ts";
import { commentHref } from "./comment.server.ts";

const EXCERPT_CHARS = 200;

function excerpt(text: string): string {
  const oneLine = [...text.replace(/\s+/g, " ").trim()];
  return oneLine.length > EXCERPT_CHARS ? `${oneLine.slice(0, EXCERPT_CHARS - 1).join("")}…` : oneLine.join("");
}

/**
 * A member's comments anyone may read (not deleted or hidden, on a readable case),
 * newest first, with their number: one statement on the read connection (ADR 048).
 */
export async function memberComments(userId: string, locale: Locale, opts: { page: number; perPage: number }) {
  const offset = (opts.page - 1) * opts.perPage;
  const visible = `FROM Comment m JOIN CaseStudy c ON c.id = m.caseId
      WHERE m.authorId = ? AND m.deletedAt IS NULL AND m.hiddenAt IS NULL AND c.status = 'published' AND c.deletedAt IS NULL`;
  const rows = (await readStatement(
    `SELECT m.id, m.bodyText, m.createdAt, c.slug, c.title, c.titleEn, count(*) OVER () AS total
       ${visible} ORDER BY m.createdAt DESC, m.id DESC LIMIT ? OFFSET ?`,
  ).all(userId, opts.perPage, offset)) as Array<{
    id: string;
    bodyText: string;
    createdAt: string;
    slug: string;
    title: string;
    titleEn: string | null;
    total: number;
  }>;
  // A page past the end has no rows to carry the count.
  const total =
    rows[0]?.total ??
    (offset > 0 ? ((await readStatement(`SELECT count(*) AS n ${visible}`).get(userId)) as { n: number }).n : 0);
  return {
    total,
    comments: rows.map((r) => ({
      id: r.id,
      excerpt: excerpt(r.bodyText),
      createdAt: readDate(r.createdAt)!.toISOString(),
      href: commentHref(r.slug, r.id),
      caseTitle: locale === "en" && r.titleEn ? r.titleEn : r.title,
    })),
  };
}
