// Email notifications (batched). The worker calls runNotificationDigests() on its
// tick: members with unmailed notifications whose last digest is older than
// NOTIFY_MAIL_INTERVAL_MINUTES each get ONE mail holding all of them, queued as a
// normal "mail" job (SMTP when SMTP_URL is set, .eml files otherwise).
//
// The claim is a conditional update of User.lastNotificationMailAt ("still older
// than the cutoff") in the same transaction that marks the notifications mailed
// and queues the mail: of two processes racing for one member, exactly one
// updates the row; the other sees count 0 and moves on. SQLite serialises the
// writing transactions, so the loser cannot read the notifications before the
// winner has committed them as mailed.
//
// Only verified addresses with emailNotifications on receive mail. Notifications
// of other members (and of types that already sent their own mail) are marked
// mailed without being sent, so opting in later does not deliver a backlog.
//
// Each member's notification settings (app/models/notification-settings.ts) pick
// which kinds are mailed and how often: in the next batch (the interval above),
// daily or weekly — one collected mail. Kinds kept to the site are marked mailed
// without a mail.
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { queueMail } from "~/mail/mailer.server.ts";
import { escapeHtml, mailTemplates, type DigestItem } from "~/mail/templates.server.ts";
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readStatement, storedInstant } from "~/utils/db-read.server.ts";
import { appOrigin, env } from "~/utils/env.server.ts";
import { signToken } from "~/utils/secret.server.ts";
import { parseNotificationData } from "~/models/notification.server.ts";
import {
  MAIL_FREQUENCIES,
  frequencyMarker,
  mailIntervalMinutes,
  parseNotificationSettings,
  wantsMail,
  type MailFrequency,
} from "~/models/notification-settings.ts";
import { notificationTextKey } from "~/models/notification-types.ts";
import { countInChunks } from "~/utils/chunked.ts";

export const UNSUBSCRIBE_PURPOSE = "unsubscribe-notifications";
/** Types whose event already sent its own mail (affiliation, call-submission and moderation decisions, onboarding). */
const MAILED_SEPARATELY = ["affiliation.", "submission.", "moderation.", "onboarding."];
/** Items listed in one mail; the rest are counted ("…and 12 more"). */
const MAX_ITEMS = 30;

const eligibleUser = {
  emailNotifications: true,
  emailVerifiedAt: { not: null },
  suspendedAt: null,
} as const satisfies Prisma.UserWhereInput;

export function unsubscribeUrl(userId: string): string {
  return `${appOrigin()}/unsubscribe/confirm?token=${signToken(UNSUBSCRIBE_PURPOSE, userId)}`;
}

export function unsubscribePageUrl(userId: string): string {
  return `${appOrigin()}/unsubscribe?token=${signToken(UNSUBSCRIBE_PURPOSE, userId)}`;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : v == null ? "" : String(v);
}

/**
 * One notification as a sentence in `locale`, with the same keys and variables
 * as the notifications page (common:notifications.<type>); built twice, from raw
 * values for the text part and from escaped values for the HTML part.
 */
export function digestItem(locale: Locale, type: string, data: Record<string, unknown>): DigestItem {
  const t = tFor(locale);
  const en = locale === "en";
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) vars[k] = str(v);
  vars.base = str(en ? (data.baseNameEn ?? data.baseNameZh) : (data.baseNameZh ?? data.baseNameEn));
  vars.title = str(en ? (data.titleEn ?? data.title) : (data.title ?? data.titleEn));
  const escaped = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, escapeHtml(v)]));
  const generic = t("common:notifications.generic");
  const key = notificationTextKey(type);
  const text = t(key, { ...vars, defaultValue: generic });
  const html = t(key, { ...escaped, defaultValue: escapeHtml(generic) });
  const href = str(data.href);
  const url =
    href.startsWith("/") && !href.startsWith("//") && !href.startsWith("/\\") ? `${appOrigin()}${href}` : undefined;
  return { text, html, url };
}

export interface DigestResult {
  /** Digests queued by this call. */
  queued: number;
  /** Notifications marked mailed without a mail (ineligible members, separately mailed types). */
  skipped: number;
}

/** Members due a digest right now (eligible, unmailed notifications, interval passed). */
/** When the member's last digest must be at or before for the next one to be due. */
function cutoffFor(frequency: MailFrequency, now: Date): Date {
  return new Date(now.getTime() - mailIntervalMinutes(frequency, env().NOTIFY_MAIL_INTERVAL_MINUTES) * 60_000);
}

/**
 * "Due" per frequency, in SQL: the settings column is written by one serializer
 * with a fixed key order, so its frequency is matched as text; anything else
 * (the default "{}", an old row) is a batch member.
 */
function dueWhere(now: Date): Prisma.UserWhereInput {
  const slower = MAIL_FREQUENCIES.filter((f) => f !== "batch");
  return {
    OR: [
      { lastNotificationMailAt: null },
      ...slower.map((f) => ({
        notificationSettings: { contains: frequencyMarker(f) },
        lastNotificationMailAt: { lte: cutoffFor(f, now) },
      })),
      {
        AND: slower.map((f) => ({ NOT: { notificationSettings: { contains: frequencyMarker(f) } } })),
        lastNotificationMailAt: { lte: cutoffFor("batch", now) },
      },
    ],
  };
}

export async function dueDigestUserIds(now = new Date(), take = 50): Promise<string[]> {
  const rows = await prisma.user.findMany({
    where: {
      ...eligibleUser,
      ...dueWhere(now),
      notifications: { some: { mailedAt: null, createdAt: { lte: now } } },
    },
    select: { id: true },
    orderBy: { id: "asc" },
    take,
  });
  return rows.map((r) => r.id);
}

class NothingToSend extends Error {}

/**
 * Claims one member's digest and queues it. Returns false when another process
 * claimed it first, the interval has not passed, or there was nothing to send.
 */
export async function claimDigest(userId: string, now = new Date()): Promise<boolean> {
  const settingsRow = await prisma.user.findUnique({ where: { id: userId }, select: { notificationSettings: true } });
  const settings = parseNotificationSettings(settingsRow?.notificationSettings);
  const cutoff = cutoffFor(settings.frequency, now);
  const mailedSeparately = (type: string) => MAILED_SEPARATELY.some((p) => type.startsWith(p));
  const isMailable = (type: string) => !mailedSeparately(type) && wantsMail(settings, type);
  try {
    return await prisma.$transaction(async (tx) => {
      // The claim: only one writer can move lastNotificationMailAt past the cutoff.
      const { count } = await tx.user.updateMany({
        where: {
          id: userId,
          ...eligibleUser,
          OR: [{ lastNotificationMailAt: null }, { lastNotificationMailAt: { lte: cutoff } }],
        },
        data: { lastNotificationMailAt: now },
      });
      if (count !== 1) return false;
      const user = await tx.user.findUniqueOrThrow({
        where: { id: userId },
        select: { email: true, displayName: true, locale: true },
      });
      const rows = await tx.notification.findMany({
        where: { userId, mailedAt: null, createdAt: { lte: now } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, type: true, data: true },
      });
      const marked = await countInChunks(
        rows.map((r) => r.id),
        (ids) => tx.notification.updateMany({ where: { id: { in: ids }, mailedAt: null }, data: { mailedAt: now } }),
      );
      // Someone else marked some of them: let that process have them all.
      if (marked !== rows.length) throw new NothingToSend();
      const mailable = rows.filter((r) => isMailable(r.type));
      // Only separately mailed ones: they are marked, but no mail and no use of the interval.
      if (mailable.length === 0) throw new NothingToSend();
      const locale: Locale = isLocale(user.locale) ? user.locale : DEFAULT_LOCALE;
      const shown = mailable.slice(-MAX_ITEMS);
      const origin = appOrigin();
      const unsubscribe = unsubscribeUrl(userId);
      const mail = mailTemplates.notificationDigest(locale, {
        name: user.displayName,
        items: shown.map((r) => digestItem(locale, r.type, parseNotificationData(r.data))),
        more: mailable.length - shown.length,
        intervalMinutes: mailIntervalMinutes(settings.frequency, env().NOTIFY_MAIL_INTERVAL_MINUTES),
        notificationsUrl: `${origin}/notifications`,
        settingsUrl: `${origin}/settings`,
        unsubscribeUrl: unsubscribePageUrl(userId),
      });
      await queueMail(tx, {
        to: user.email,
        ...mail,
        headers: {
          // RFC 2369 / RFC 8058: mail clients offer "unsubscribe" and POST the
          // one-click body to this URL (exempt from the Origin check).
          "List-Unsubscribe": `<${unsubscribe}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "Auto-Submitted": "auto-generated",
        },
      });
      return true;
    });
  } catch (error) {
    if (error instanceof NothingToSend) {
      // Rolled back; mark what will never be mailed without touching the interval.
      const pending = await prisma.notification.findMany({
        where: { userId, mailedAt: null, createdAt: { lte: now } },
        select: { id: true, type: true },
      });
      const never = pending.filter((r) => !isMailable(r.type)).map((r) => r.id);
      if (never.length) {
        await countInChunks(never, (ids) =>
          prisma.notification.updateMany({ where: { id: { in: ids }, mailedAt: null }, data: { mailedAt: now } }),
        );
      }
      return false;
    }
    throw error;
  }
}

/** Marks unmailed notifications of members who get no mail (opted out, unverified, suspended) as done. */
export async function skipIneligible(now = new Date()): Promise<number> {
  const where = {
    mailedAt: null,
    createdAt: { lte: now },
    user: { OR: [{ emailNotifications: false }, { emailVerifiedAt: null }, { suspendedAt: { not: null } }] },
  } satisfies Prisma.NotificationWhereInput;
  // A cheap read first: an idle pass (every few seconds, in every process) writes nothing.
  if (!(await prisma.notification.findFirst({ where, select: { id: true } }))) return 0;
  const { count } = await prisma.notification.updateMany({ where, data: { mailedAt: now } });
  return count;
}

/** One pass: skip what will never be mailed, then queue every due digest. Safe to run in several processes at once. */
export async function runNotificationDigests(opts: { now?: Date; batch?: number } = {}): Promise<DigestResult> {
  const now = opts.now ?? new Date();
  // Both steps below look only at unmailed notifications: when there are none (the idle case)
  // one read on the read connection answers, and no Prisma query runs (issue 15.4).
  const unmailed = await readStatement(
    "SELECT 1 AS due FROM Notification WHERE mailedAt IS NULL AND createdAt <= ? LIMIT 1",
  ).get(storedInstant(now));
  if (!unmailed) return { queued: 0, skipped: 0 };
  const skipped = await skipIneligible(now);
  let queued = 0;
  for (const id of await dueDigestUserIds(now, opts.batch ?? 50)) {
    if (await claimDigest(id, now)) queued++;
  }
  return { queued, skipped };
}
