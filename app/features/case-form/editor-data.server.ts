// What the case form needs besides the case: topic and base choices and
// whether this user may publish, in the page's language.
import type { SessionUser } from "~/auth/session.server.ts";
import { can } from "~/auth/permissions.ts";
import { docToPlainText } from "~/editor/render.server.ts";
import type { Locale } from "~/i18n/config.ts";
import { baseName } from "~/models/base.server.ts";
import { SECTIONS, type CaseContent, type SectionName } from "~/models/case-content.ts";
import { listTopics, topicName } from "~/models/topic.server.ts";
import { prisma } from "~/utils/db.server.ts";
import type { JSONContent } from "@tiptap/core";

export async function caseFormData(user: SessionUser, locale: Locale, content: CaseContent, caseBaseId: string | null) {
  const anyBase = can(user, "publish:case:any-base");
  const [topics, bases, fixed] = await Promise.all([
    listTopics(),
    anyBase
      ? prisma.base.findMany({
          select: { id: true, nameZh: true, nameEn: true },
          orderBy: [{ province: "asc" }, { nameZh: "asc" }],
        })
      : Promise.resolve(null),
    !anyBase && (caseBaseId ?? user.baseId)
      ? prisma.base.findUnique({ where: { id: (caseBaseId ?? user.baseId)! }, select: { nameZh: true, nameEn: true } })
      : Promise.resolve(null),
  ]);
  const canPublish =
    anyBase || (can(user, "update:case:any") && caseBaseId != null) || (user.emailVerified && user.baseVerified);
  return {
    topics: topics.map((t) => ({ slug: t.slug, name: topicName(t, locale) })),
    baseChoices: bases ? bases.map((b) => ({ id: b.id, name: baseName(b, locale) })) : null,
    fixedBase: fixed ? { name: baseName(fixed, locale) } : null,
    canPublish,
    sectionText: Object.fromEntries(
      SECTIONS.map((s) => [s, docToPlainText(content.sections[s] as JSONContent | null)]),
    ) as Record<SectionName, string>,
  };
}
