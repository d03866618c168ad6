// What a member's profile page lists besides the account itself: their visible
// comments (paginated), with the case each is on.
import type { Locale } from "~/i18n/config.ts";
import { prisma } from "~/utils/db.server.ts";
import { VISIBLE } from "./case.server.ts";
import { commentHref } from "./comment.server.ts";

const EXCERPT_CHARS = 200;

function excerpt(text: string): string {
  const oneLine = [...text.replace(/\s+/g, " ").trim()];
  return oneLine.length > EXCERPT_CHARS ? `${oneLine.slice(0, EXCERPT_CHARS - 1).join("")}…` : oneLine.join("");
}

/** A member's comments anyone may read (not deleted or hidden, on a readable case), newest first. */
export async function memberComments(userId: string, locale: Locale, opts: { page: number; perPage: number }) {
  const where = { authorId: userId, deletedAt: null, hiddenAt: null, case: VISIBLE };
  const [total, rows] = await Promise.all([
    prisma.comment.count({ where }),
    prisma.comment.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (opts.page - 1) * opts.perPage,
      take: opts.perPage,
      select: {
        id: true,
        bodyText: true,
        createdAt: true,
        case: { select: { slug: true, title: true, titleEn: true } },
      },
    }),
  ]);
  return {
    total,
    comments: rows.map((r) => ({
      id: r.id,
      excerpt: excerpt(r.bodyText),
      createdAt: r.createdAt.toISOString(),
      href: commentHref(r.case.slug, r.id),
      caseTitle: locale === "en" && r.case.titleEn ? r.case.titleEn : r.case.title,
    })),
  };
}
