// Mails telling an author what a moderator did to their post and why (ADR 035),
// in the author's language. Texts live in the `moderation` namespace (mail.*);
// user-supplied values (title, reason) are escaped in the HTML part.
import { tFor } from "~/i18n/i18n.server.ts";
import type { Locale } from "~/i18n/config.ts";
import { escapeHtml } from "./templates.server.ts";

export const MODERATION_NOTICES = [
  "caseHidden",
  "caseUnhidden",
  "caseDeleted",
  "commentHidden",
  "commentDeleted",
  "warned",
  "suspended",
  "threadLocked",
  "threadUnlocked",
  "postApproved",
  "postRejected",
] as const;
export type ModerationNotice = (typeof MODERATION_NOTICES)[number];

export function moderationMail(
  locale: Locale,
  notice: ModerationNotice,
  v: { name: string; title: string; reason: string; url: string },
): { subject: string; text: string; html: string } {
  const t = tFor(locale);
  const vars = { title: v.title, reason: v.reason, interpolation: { escapeValue: false } };
  const subject = t(`moderation:mail.${notice}.subject`, vars);
  const body = t(`moderation:mail.${notice}.body`, vars);
  const reasonLine = v.reason ? t("moderation:mail.reasonLine", vars) : "";
  const signature = t("mail:signature");
  const greeting = t("mail:greeting", { name: v.name, interpolation: { escapeValue: false } });
  const text = [greeting, "", body, ...(reasonLine ? ["", reasonLine] : []), "", v.url, "", signature].join("\n");
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(body)}</p>`,
    reasonLine ? `<p>${escapeHtml(reasonLine)}</p>` : "",
    `<p><a href="${escapeHtml(v.url)}">${escapeHtml(v.url)}</a></p>`,
    `<p>${escapeHtml(signature)}</p>`,
  ].join("\n");
  return { subject, text, html };
}
