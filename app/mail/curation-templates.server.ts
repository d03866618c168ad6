// Mail texts of the ministry's curation (ADR 025), in the recipient's language.
// The texts live in the feature's own namespaces (calls, collections) so the
// shared mail namespace is left alone; greeting and signature are the shared ones.
import { tFor } from "~/i18n/i18n.server.ts";
import type { Locale } from "~/i18n/config.ts";
import { escapeHtml } from "./templates.server.ts";

export interface BuiltMail {
  subject: string;
  text: string;
  html: string;
}

const link = (url: string) => `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;

/** A decision on a submission (under review, selected, not selected), with the staff's note. */
export function decisionMail(
  locale: Locale,
  v: { name: string; decision: string; caseTitle: string; callTitle: string; note: string; url: string },
): BuiltMail {
  const t = tFor(locale);
  const vars = { caseTitle: v.caseTitle, callTitle: v.callTitle };
  const subject = t(`calls:mail.subject.${v.decision}`, vars);
  const body = t(`calls:mail.body.${v.decision}`, vars);
  const noteLine = v.note ? t("calls:mail.note", { note: v.note }) : "";
  const text = [
    t("mail:greeting", { name: v.name }),
    "",
    body,
    ...(noteLine ? ["", noteLine] : []),
    "",
    v.url,
    "",
    t("mail:signature"),
  ].join("\n");
  const esc = Object.fromEntries(Object.entries(vars).map(([k, x]) => [k, escapeHtml(x)]));
  const html = [
    `<p>${t("mail:greeting", { name: escapeHtml(v.name) })}</p>`,
    `<p>${t(`calls:mail.body.${v.decision}`, esc)}</p>`,
    v.note ? `<p>${t("calls:mail.note", { note: escapeHtml(v.note) })}</p>` : "",
    `<p>${link(v.url)}</p>`,
    `<p>${escapeHtml(t("mail:signature"))}</p>`,
  ].join("\n");
  return { subject, text, html };
}

export interface TypicalDigestItem {
  title: string;
  url: string;
}

/** The weekly digest of new typical cases and collections (opt-in), with its way out. */
export function typicalDigestMail(
  locale: Locale,
  v: {
    name: string;
    collections: TypicalDigestItem[];
    cases: TypicalDigestItem[];
    settingsUrl: string;
    unsubscribeUrl: string;
  },
): BuiltMail {
  const t = tFor(locale);
  const subject = t("collections:digest.subject", { count: v.collections.length + v.cases.length });
  const section = (heading: string, items: TypicalDigestItem[]) =>
    items.length ? [heading, ...items.flatMap((i) => [`- ${i.title}`, `  ${i.url}`]), ""] : [];
  const text = [
    t("mail:greeting", { name: v.name }),
    "",
    t("collections:digest.intro"),
    "",
    ...section(t("collections:digest.collections"), v.collections),
    ...section(t("collections:digest.cases"), v.cases),
    t("mail:signature"),
    "",
    "--",
    t("collections:digest.why"),
    `${t("collections:digest.settings")} ${v.settingsUrl}`,
    `${t("collections:digest.unsubscribe")} ${v.unsubscribeUrl}`,
  ].join("\n");
  const htmlSection = (heading: string, items: TypicalDigestItem[]) =>
    items.length
      ? `<h2>${escapeHtml(heading)}</h2><ul>${items
          .map((i) => `<li><a href="${escapeHtml(i.url)}">${escapeHtml(i.title)}</a></li>`)
          .join("")}</ul>`
      : "";
  const html = [
    `<p>${t("mail:greeting", { name: escapeHtml(v.name) })}</p>`,
    `<p>${escapeHtml(t("collections:digest.intro"))}</p>`,
    htmlSection(t("collections:digest.collections"), v.collections),
    htmlSection(t("collections:digest.cases"), v.cases),
    `<p>${escapeHtml(t("mail:signature"))}</p>`,
    `<hr><p style="font-size:small;color:#555">${escapeHtml(t("collections:digest.why"))}<br>`,
    `${escapeHtml(t("collections:digest.settings"))} ${link(v.settingsUrl)}<br>`,
    `${escapeHtml(t("collections:digest.unsubscribe"))} ${link(v.unsubscribeUrl)}</p>`,
  ].join("\n");
  return { subject, text, html };
}
