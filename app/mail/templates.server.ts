// Mail texts in the recipient's language. Each returns subject, plain text and
// a small HTML version; user-supplied values are escaped in the HTML.
import { tFor } from "~/i18n/i18n.server.ts";
import type { Locale } from "~/i18n/config.ts";

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

interface Built {
  /** The recipient's language: the sender's name and Content-Language follow it (issue 12.3). */
  locale: Locale;
  subject: string;
  text: string;
  html: string;
}

function build(locale: Locale, key: string, vars: Record<string, string>, link?: string): Built {
  const t = tFor(locale);
  const subject = t(`mail:${key}.subject`, vars);
  const lines = t(`mail:${key}.body`, { ...vars, returnObjects: true }) as unknown as string[];
  const signature = t("mail:signature");
  const text = [t("mail:greeting", vars), "", ...lines, ...(link ? ["", link] : []), "", signature].join("\n");
  const escapedVars = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, escapeHtml(v)]));
  const htmlLines = (t(`mail:${key}.body`, { ...escapedVars, returnObjects: true }) as unknown as string[]).map(
    (l) => `<p>${l}</p>`,
  );
  const html = [
    `<p>${t("mail:greeting", escapedVars)}</p>`,
    ...htmlLines,
    link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>` : "",
    `<p>${escapeHtml(signature)}</p>`,
  ].join("\n");
  return { locale, subject, text, html };
}

export const mailTemplates = {
  verifyEmail: (locale: Locale, v: { name: string; url: string }) =>
    build(locale, "verifyEmail", { name: v.name }, v.url),
  resetPassword: (locale: Locale, v: { name: string; url: string }) =>
    build(locale, "resetPassword", { name: v.name }, v.url),
  /** Someone signed up with an address that already has an account (issue 10.4). */
  signupExisting: (locale: Locale, v: { name: string; username: string; loginUrl: string; forgotUrl: string }) =>
    build(locale, "signupExisting", { name: v.name, username: v.username, forgotUrl: v.forgotUrl }, v.loginUrl),
  affiliationApproved: (locale: Locale, v: { name: string; base: string; url: string }) =>
    build(locale, "affiliationApproved", { name: v.name, base: v.base }, v.url),
  affiliationRejected: (locale: Locale, v: { name: string; base: string; reason: string; url: string }) =>
    build(locale, "affiliationRejected", { name: v.name, base: v.base, reason: v.reason }, v.url),
  notificationDigest,
};

export interface DigestItem {
  /** Plain text in the recipient's language, built from raw (unescaped) values. */
  text: string;
  /** The same sentence built from HTML-escaped values. */
  html: string;
  /** Absolute link to what the notification is about, if any. */
  url?: string;
}

/** The batched notification mail: every unmailed notification, newest last, plus the way out. */
export function notificationDigest(
  locale: Locale,
  v: {
    name: string;
    items: DigestItem[];
    more: number;
    intervalMinutes: number;
    notificationsUrl: string;
    settingsUrl: string;
    unsubscribeUrl: string;
  },
): Built {
  const t = tFor(locale);
  const count = v.items.length + v.more;
  const subject = t("mail:digest.subject", { count });
  const link = (url: string) => `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
  const text = [
    t("mail:greeting", { name: v.name }),
    "",
    t("mail:digest.intro", { count }),
    "",
    ...v.items.flatMap((item) => [`- ${item.text}`, ...(item.url ? [`  ${item.url}`] : [])]),
    ...(v.more > 0 ? [t("mail:digest.more", { count: v.more })] : []),
    "",
    t("mail:digest.viewAll"),
    v.notificationsUrl,
    "",
    t("mail:signature"),
    "",
    "--",
    t("mail:digest.why", { minutes: v.intervalMinutes }),
    `${t("mail:digest.settings")} ${v.settingsUrl}`,
    `${t("mail:digest.unsubscribe")} ${v.unsubscribeUrl}`,
  ].join("\n");
  const html = [
    `<p>${t("mail:greeting", { name: escapeHtml(v.name) })}</p>`,
    `<p>${escapeHtml(t("mail:digest.intro", { count }))}</p>`,
    "<ul>",
    ...v.items.map((item) => `<li>${item.url ? `<a href="${escapeHtml(item.url)}">${item.html}</a>` : item.html}</li>`),
    "</ul>",
    v.more > 0 ? `<p>${escapeHtml(t("mail:digest.more", { count: v.more }))}</p>` : "",
    `<p>${escapeHtml(t("mail:digest.viewAll"))} ${link(v.notificationsUrl)}</p>`,
    `<p>${escapeHtml(t("mail:signature"))}</p>`,
    `<hr><p style="font-size:small;color:#555">${escapeHtml(t("mail:digest.why", { minutes: v.intervalMinutes }))}<br>`,
    `${escapeHtml(t("mail:digest.settings"))} ${link(v.settingsUrl)}<br>`,
    `${escapeHtml(t("mail:digest.unsubscribe"))} ${link(v.unsubscribeUrl)}</p>`,
  ].join("\n");
  return { locale, subject, text, html };
}
