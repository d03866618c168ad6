// First-post approval (issue 12.4, ADR 035): a member's first N visible posts
// (published cases and comments together) wait for a moderator before anyone
// else sees them. N comes from the SiteSetting "moderation.firstPostsApproval"
// when an administrator set one, else from FIRST_POSTS_REQUIRING_APPROVAL
// (default 0: off). Staff never wait. Kept apart from the case and comment
// models, which both ask it, so neither imports the other.
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { env } from "~/utils/env.server.ts";

type Tx = Prisma.TransactionClient | typeof prisma;

export const FIRST_POSTS_SETTING = "moderation.firstPostsApproval";
import { FIRST_POSTS_LIMIT } from "./moderation-input.ts";

export const FIRST_POSTS_MAX = FIRST_POSTS_LIMIT;

/** The number in force: the administrator's setting, else the environment's. */
export async function firstPostsRequiringApproval(tx: Tx = prisma): Promise<number> {
  const row = await tx.siteSetting.findUnique({ where: { key: FIRST_POSTS_SETTING }, select: { value: true } });
  if (row) {
    try {
      const n: unknown = JSON.parse(row.value);
      if (typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= FIRST_POSTS_MAX) return n;
    } catch {
      // A malformed row falls back to the environment's default.
    }
  }
  return env().FIRST_POSTS_REQUIRING_APPROVAL;
}

/** Sets (or, with null, clears back to the environment's default) the number. The caller audits. */
export async function setFirstPostsRequiringApproval(tx: Tx, n: number | null): Promise<void> {
  if (n === null) await tx.siteSetting.deleteMany({ where: { key: FIRST_POSTS_SETTING } });
  else
    await tx.siteSetting.upsert({
      where: { key: FIRST_POSTS_SETTING },
      create: { key: FIRST_POSTS_SETTING, value: JSON.stringify(n) },
      update: { value: JSON.stringify(n) },
    });
}

/**
 * Whether a new post by this author waits for approval: only members, and only
 * while they have fewer than N approved posts (cases ever published and not
 * pending, comments not pending; a deleted or hidden one still counts as a post
 * a moderator has seen).
 */
export async function postNeedsApproval(tx: Tx, author: { id: string; role: string }): Promise<boolean> {
  if (author.role !== "member") return false;
  const n = await firstPostsRequiringApproval(tx);
  if (n === 0) return false;
  const [comments, cases] = await Promise.all([
    tx.comment.count({ where: { authorId: author.id, pendingAt: null } }),
    tx.caseStudy.count({ where: { authorId: author.id, revisionNumber: { gt: 0 }, status: { not: "pending" } } }),
  ]);
  return comments + cases < n;
}
