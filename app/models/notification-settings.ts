// A member's notification settings (User.notificationSettings, JSON): per kind of
// event, whether it is shown on the site, also mailed, or not at all; and how
// often the mail comes. Pure (no database) so the settings form, the
// notification writers and the mail job read it the same way. A malformed or
// missing value never breaks anything: each part falls back to its default,
// which is what every member had before these settings existed (all on, mailed in
// the next batch of NOTIFY_MAIL_INTERVAL_MINUTES).
import { z } from "zod";

export const NOTIFICATION_CATEGORIES = ["replies", "mentions", "follows", "decisions"] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

/** off: not created at all; site: on the notifications page only; email: there and in the mail. */
export const DELIVERY_LEVELS = ["off", "site", "email"] as const;
export type DeliveryLevel = (typeof DELIVERY_LEVELS)[number];

/** batch: the next mail batch (NOTIFY_MAIL_INTERVAL_MINUTES); daily and weekly: one collected mail. */
export const MAIL_FREQUENCIES = ["batch", "daily", "weekly"] as const;
export type MailFrequency = (typeof MAIL_FREQUENCIES)[number];

export interface NotificationSettings {
  delivery: Record<NotificationCategory, DeliveryLevel>;
  frequency: MailFrequency;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  delivery: { replies: "email", mentions: "email", follows: "email", decisions: "email" },
  frequency: "batch",
};

/**
 * The kind of a notification type. Responses to the member's own posts are
 * replies; activity on what they follow is follows; decisions about them
 * (affiliation, submissions, moderation) are decisions. A type nobody mapped yet
 * counts as a reply, so a new kind of event is delivered rather than lost.
 */
export function notificationCategory(type: string): NotificationCategory {
  if (type === "comment.mention") return "mentions";
  if (type === "comment.followed" || type.startsWith("adoption.followed")) return "follows";
  if (/^(affiliation|submission|call|collection|moderation|report|case\.(hidden|unhidden|approved))\b/.test(type))
    return "decisions";
  return "replies";
}

const stored = z.object({
  delivery: z.record(z.string(), z.unknown()).optional(),
  frequency: z.unknown().optional(),
});

/** Reads the stored JSON; whatever part is missing or unknown takes its default. */
export function parseNotificationSettings(text: string | null | undefined): NotificationSettings {
  let raw: unknown = null;
  try {
    raw = JSON.parse(text ?? "{}");
  } catch {
    raw = null;
  }
  const parsed = stored.safeParse(raw);
  const value = parsed.success ? parsed.data : {};
  const delivery = { ...DEFAULT_NOTIFICATION_SETTINGS.delivery };
  for (const category of NOTIFICATION_CATEGORIES) {
    const level = value.delivery?.[category];
    if ((DELIVERY_LEVELS as readonly unknown[]).includes(level)) delivery[category] = level as DeliveryLevel;
  }
  const frequency = (MAIL_FREQUENCIES as readonly unknown[]).includes(value.frequency)
    ? (value.frequency as MailFrequency)
    : DEFAULT_NOTIFICATION_SETTINGS.frequency;
  return { delivery, frequency };
}

/** The stored form: always every key in a fixed order, so the mail job can match the frequency in SQL. */
export function serializeNotificationSettings(settings: NotificationSettings): string {
  const delivery = Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, settings.delivery[c]]));
  return JSON.stringify({ frequency: settings.frequency, delivery });
}

/** The exact text a stored value of this frequency contains (see serializeNotificationSettings). */
export function frequencyMarker(frequency: MailFrequency): string {
  return `"frequency":"${frequency}"`;
}

/** Minutes between two mails for this frequency; `batchMinutes` is NOTIFY_MAIL_INTERVAL_MINUTES. */
export function mailIntervalMinutes(frequency: MailFrequency, batchMinutes: number): number {
  if (frequency === "daily") return Math.max(batchMinutes, 24 * 60);
  if (frequency === "weekly") return Math.max(batchMinutes, 7 * 24 * 60);
  return batchMinutes;
}

/** Whether a notification of `type` is written at all for this member. */
export function wantsInApp(settings: NotificationSettings, type: string): boolean {
  return settings.delivery[notificationCategory(type)] !== "off";
}

/** Whether a notification of `type` goes into this member's mail. */
export function wantsMail(settings: NotificationSettings, type: string): boolean {
  return settings.delivery[notificationCategory(type)] === "email";
}
