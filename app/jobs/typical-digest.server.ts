// The opt-in weekly mail of new typical cases and collections (ADR 025). The
// worker calls runTypicalDigests() on its digest tick; members who opted in
// (User.typicalCaseDigest), with a verified address, mail not turned off and
// not suspended, whose last digest is a week old get ONE mail listing what was
// published since — queued as a normal "mail" job, with the RFC 8058 one-click
// unsubscribe headers of the notification digest.
//
// The claim is a conditional update of User.lastTypicalDigestAt ("still older
// than the cutoff") in the transaction that queues the mail: of two processes
// racing for one member exactly one sends. A week with nothing new moves the
// clock without a mail.
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config.ts";
import { queueMail } from "~/mail/mailer.server.ts";
import { typicalDigestMail } from "~/mail/curation-templates.server.ts";
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readStatement, storedInstant } from "~/utils/db-read.server.ts";
import { appOrigin } from "~/utils/env.server.ts";
import { unsubscribePageUrl, unsubscribeUrl } from "./notification-mail.server.ts";

export const TYPICAL_DIGEST_EVERY_MS = 7 * 86_400_000;
const MAX_ITEMS = 30;

const eligible = {
  typicalCaseDigest: true,
  emailNotifications: true,
  emailVerifiedAt: { not: null },
  suspendedAt: null,
} as const satisfies Prisma.UserWhereInput;

/**
 * Members due a digest: `eligible` whose last digest is a week old. On the read connection: the
 * worker asks on every digest tick, in every process, and through Prisma that loaded its query
 * compiler in a server nobody writes to (issue 15.4); the claim (claimTypicalDigest) re-checks.
 */
async function dueUserIds(now: Date, batch: number): Promise<string[]> {
  const cutoff = new Date(now.getTime() - TYPICAL_DIGEST_EVERY_MS);
  const rows = (await readStatement(
    `SELECT id FROM User
      WHERE typicalCaseDigest = TRUE AND emailNotifications = TRUE AND emailVerifiedAt IS NOT NULL AND suspendedAt IS NULL
        AND (lastTypicalDigestAt IS NULL OR lastTypicalDigestAt <= ?)
      ORDER BY id LIMIT ?`,
  ).all(storedInstant(cutoff), batch)) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Claims and queues one member's digest; true when a mail was queued. */
export async function claimTypicalDigest(userId: string, now = new Date()): Promise<boolean> {
  const cutoff = new Date(now.getTime() - TYPICAL_DIGEST_EVERY_MS);
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { email: true, displayName: true, locale: true, lastTypicalDigestAt: true },
    });
    if (!user) return false;
    const { count } = await tx.user.updateMany({
      where: { id: userId, ...eligible, OR: [{ lastTypicalDigestAt: null }, { lastTypicalDigestAt: { lte: cutoff } }] },
      data: { lastTypicalDigestAt: now },
    });
    if (count !== 1) return false;
    // Since the last digest; a first digest covers the past week.
    const since = user.lastTypicalDigestAt ?? cutoff;
    const locale: Locale = isLocale(user.locale) ? user.locale : DEFAULT_LOCALE;
    const en = locale === "en";
    const [collections, cases] = await Promise.all([
      tx.collection.findMany({
        where: { status: "published", publishedAt: { gt: since, lte: now } },
        orderBy: { publishedAt: "desc" },
        select: { slug: true, title: true, titleEn: true },
        take: MAX_ITEMS,
      }),
      tx.caseStudy.findMany({
        where: { typicalAt: { gt: since, lte: now }, status: "published", deletedAt: null },
        orderBy: { typicalAt: "desc" },
        select: { slug: true, title: true, titleEn: true },
        take: MAX_ITEMS,
      }),
    ]);
    if (collections.length + cases.length === 0) return false;
    const origin = appOrigin();
    const mail = typicalDigestMail(locale, {
      name: user.displayName,
      collections: collections.map((c) => ({
        title: en && c.titleEn ? c.titleEn : c.title,
        url: `${origin}/collections/${c.slug}`,
      })),
      cases: cases.map((c) => ({ title: en && c.titleEn ? c.titleEn : c.title, url: `${origin}/cases/${c.slug}` })),
      settingsUrl: `${origin}/collections#digest`,
      unsubscribeUrl: unsubscribePageUrl(userId),
    });
    await queueMail(tx, {
      to: user.email,
      ...mail,
      headers: {
        "List-Unsubscribe": `<${unsubscribeUrl(userId)}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
      },
    });
    return true;
  });
}

/** One pass over the members due a weekly digest. Safe in several processes at once. */
export async function runTypicalDigests(opts: { now?: Date; batch?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  let queued = 0;
  for (const id of await dueUserIds(now, opts.batch ?? 50)) if (await claimTypicalDigest(id, now)) queued++;
  return queued;
}
