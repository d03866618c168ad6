// Mail texts in the recipient's language. Each returns subject, plain text and
// a small HTML version; user-supplied values are escaped in the HTML.
import { tFor } from "~/i18n/i18n.server.ts";
import type { Locale } from "~/i18n/config.ts";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

interface Built {
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
  return { subject, text, html };
}

export const mailTemplates = {
  verifyEmail: (locale: Locale, v: { name: string; url: string }) => build(locale, "verifyEmail", { name: v.name }, v.url),
  resetPassword: (locale: Locale, v: { name: string; url: string }) =>
    build(locale, "resetPassword", { name: v.name }, v.url),
  affiliationApproved: (locale: Locale, v: { name: string; base: string; url: string }) =>
    build(locale, "affiliationApproved", { name: v.name, base: v.base }, v.url),
  affiliationRejected: (locale: Locale, v: { name: string; base: string; reason: string; url: string }) =>
    build(locale, "affiliationRejected", { name: v.name, base: v.base, reason: v.reason }, v.url),
};
