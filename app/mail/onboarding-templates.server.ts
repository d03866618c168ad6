// The mail reviewers get for each new affiliation request (issue 12.9), in the
// reviewer's language. Texts in the `onboarding` namespace (mail.*); the
// member's name, message and the base are escaped in the HTML part.
import { tFor } from "~/i18n/i18n.server.ts";
import type { Locale } from "~/i18n/config.ts";
import { escapeHtml } from "./templates.server.ts";

export function affiliationRequestedMail(
  locale: Locale,
  v: { name: string; member: string; base: string; message: string; url: string },
): { subject: string; text: string; html: string } {
  const t = tFor(locale);
  const subject = t("onboarding:mail.affiliationRequested.subject", { base: v.base });
  const body = t("onboarding:mail.affiliationRequested.body", { member: v.member, base: v.base });
  const message = v.message ? t("onboarding:mail.affiliationRequested.message", { message: v.message }) : "";
  const greeting = t("mail:greeting", { name: v.name });
  const signature = t("mail:signature");
  const text = [greeting, "", body, ...(message ? ["", message] : []), "", v.url, "", signature].join("\n");
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(body)}</p>`,
    message ? `<p>${escapeHtml(message)}</p>` : "",
    `<p><a href="${escapeHtml(v.url)}">${escapeHtml(v.url)}</a></p>`,
    `<p>${escapeHtml(signature)}</p>`,
  ].join("\n");
  return { subject, text, html };
}
