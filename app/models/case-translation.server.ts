// Case translations: the only writer of CaseTranslation and CaseTranslationRevision
// rows. A case is written in one language (CaseStudy.contentLanguage); its
// translation holds title, summary and the five sections in the other one, with
// its own numbered revisions. Written by the case's author, a moderator or ministry
// staff (admins inherit it); staff edits are audited in the same transaction, and
// every change re-indexes the case through the search outbox.
import type { SessionUser } from "~/auth/session.server.ts";
import { can } from "~/auth/permissions.ts";
import { isLocale, type Locale } from "~/i18n/config.ts";
import { prisma } from "~/utils/db.server.ts";
import { readDate, readStatement } from "~/utils/db-read.server.ts";
import { writeAudit } from "./audit.server.ts";
import { SECTIONS, type SectionName } from "./case-content.ts";
import { CaseError } from "./case.server.ts";
import { caseDocId, enqueueSearchDocs } from "./search-outbox.server.ts";
import { cleanText } from "~/utils/text.ts";

export type TranslationSections = Record<SectionName, unknown | null>;

export interface TranslationInput {
  title: string;
  summary: string;
  /** Already checked against the editor schema (validateDoc). */
  sections: TranslationSections;
}

type Actor = Pick<SessionUser, "id" | "role">;

/** The language a case's translation is in: the one it is not written in. */
export function translationLocaleOf(contentLanguage: string): Locale {
  return contentLanguage === "en" ? "zh-CN" : "en";
}

/** The case's own language, read defensively (rows from before the column default). */
export function contentLanguageOf(value: string | null | undefined): Locale {
  return isLocale(value) ? value : "zh-CN";
}

/** The author (while a member may edit own cases), moderators, ministry staff and admins. */
export function canTranslateCase(user: Actor | null, c: { authorId: string }): boolean {
  if (!user) return false;
  if (c.authorId === user.id && can(user, "update:case:own")) return true;
  return can(user, "update:case:any");
}

function parseSections(json: string): TranslationSections {
  const empty = Object.fromEntries(SECTIONS.map((s) => [s, null])) as TranslationSections;
  try {
    const parsed = JSON.parse(json) as Partial<TranslationSections>;
    for (const s of SECTIONS) empty[s] = parsed?.[s] ?? null;
  } catch {
    /* a damaged row reads as an empty translation */
  }
  return empty;
}

/**
 * The translation readers of `locale` get, or null when the case has none in that
 * language (or is written in it).
 */
export async function readTranslation(caseId: string, locale: Locale) {
  // The case page asks on every view in the other language: read connection (ADR 048).
  const row = (await readStatement(
    "SELECT locale, title, summary, content, revisionNumber, updatedAt FROM CaseTranslation WHERE caseId = ? AND locale = ?",
  ).get(caseId, locale)) as
    | { locale: string; title: string; summary: string; content: string; revisionNumber: number; updatedAt: string }
    | undefined;
  if (!row) return null;
  return { ...row, updatedAt: readDate(row.updatedAt)!, sections: parseSections(row.content) };
}

/**
 * What the translation page needs: the published original (to translate from) and
 * the current translation. Null when there is no such published, undeleted case;
 * CaseError("forbidden") for someone who may not translate it.
 */
export async function getTranslationForEditing(caseId: string, actor: Actor) {
  const c = await prisma.caseStudy.findUnique({
    where: { id: caseId },
    select: {
      id: true,
      slug: true,
      authorId: true,
      contentLanguage: true,
      deletedAt: true,
      revisionNumber: true,
      title: true,
      summary: true,
      revisions: { orderBy: { number: "desc" }, take: 1, select: { content: true } },
    },
  });
  if (!c || c.deletedAt || c.revisionNumber === 0) return null;
  if (!canTranslateCase(actor, c)) throw new CaseError("forbidden");
  const contentLanguage = contentLanguageOf(c.contentLanguage);
  const locale = translationLocaleOf(contentLanguage);
  const [translation, revisions] = await Promise.all([
    readTranslation(c.id, locale),
    prisma.caseTranslationRevision.findMany({
      where: { translation: { caseId: c.id, locale } },
      orderBy: { number: "desc" },
      take: 20,
      select: { number: true, editorId: true, createdAt: true },
    }),
  ]);
  const original = JSON.parse(c.revisions[0]?.content ?? "{}") as { sections?: Partial<TranslationSections> };
  return {
    case: {
      id: c.id,
      slug: c.slug,
      authorId: c.authorId,
      contentLanguage,
      title: c.title,
      summary: c.summary,
      sections: Object.fromEntries(SECTIONS.map((s) => [s, original.sections?.[s] ?? null])) as TranslationSections,
    },
    locale,
    translation,
    revisions,
  };
}

/**
 * Writes the translation as its next revision. `expectedRevision` is the revision
 * the editor started from (0 for a new translation): a second tab or a double
 * submit gets CaseError("conflict") instead of silently overwriting.
 */
export async function saveTranslation(
  caseId: string,
  actor: Actor,
  input: TranslationInput,
  opts: { expectedRevision: number; now?: Date },
) {
  const title = cleanText(input.title).trim();
  const summary = cleanText(input.summary, { lines: true }).trim();
  const content = JSON.stringify(
    Object.fromEntries(SECTIONS.map((s) => [s, input.sections[s] ?? null])) as TranslationSections,
  );
  const now = opts.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const c = await tx.caseStudy.findUnique({
      where: { id: caseId },
      select: { id: true, authorId: true, contentLanguage: true, deletedAt: true, revisionNumber: true },
    });
    if (!c || c.deletedAt || c.revisionNumber === 0) throw new CaseError("not-found");
    if (!canTranslateCase(actor, c)) throw new CaseError("forbidden");
    const locale = translationLocaleOf(contentLanguageOf(c.contentLanguage));
    const existing = await tx.caseTranslation.findUnique({
      where: { caseId_locale: { caseId, locale } },
      select: { id: true, revisionNumber: true },
    });
    const current = existing?.revisionNumber ?? 0;
    if (current !== opts.expectedRevision) throw new CaseError("conflict", { version: current });
    const number = current + 1;
    const translation = existing
      ? await tx.caseTranslation.update({
          where: { id: existing.id },
          data: { title, summary, content, revisionNumber: number, updatedById: actor.id },
          select: { id: true },
        })
      : await tx.caseTranslation.create({
          data: { caseId, locale, title, summary, content, revisionNumber: number, updatedById: actor.id },
          select: { id: true },
        });
    await tx.caseTranslationRevision.create({
      data: { translationId: translation.id, number, editorId: actor.id, title, summary, content, createdAt: now },
    });
    // Moves updatedAt, which cached renders of the case page and the listings check.
    await tx.caseStudy.update({ where: { id: caseId }, data: { updatedAt: now } });
    await enqueueSearchDocs(tx, [caseDocId(caseId)]);
    if (c.authorId !== actor.id) {
      await writeAudit(tx, {
        actorId: actor.id,
        action: "case.translate",
        targetType: "case",
        targetId: caseId,
        details: { locale, revision: number },
      });
    }
    return { locale, revision: number };
  });
}
