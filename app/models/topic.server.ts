// Topics: the managed list cases are filed under (zh and en names).
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import type { Locale } from "~/i18n/config.ts";
import { writeAudit } from "./audit.server.ts";
import { caseDocId, enqueueSearchDocs } from "./search-outbox.server.ts";
import { readStatement } from "~/utils/db-read.server.ts";

export const topicSelect = { id: true, slug: true, nameZh: true, nameEn: true } as const satisfies Prisma.TopicSelect;
export type TopicRef = Prisma.TopicGetPayload<{ select: typeof topicSelect }>;

export function topicName(topic: { nameZh: string; nameEn: string }, locale: Locale): string {
  return locale === "en" ? topic.nameEn : topic.nameZh;
}

/** Every topic in the managed order (the case list's and search page's filters: read connection, ADR 048). */
export async function listTopics(): Promise<TopicRef[]> {
  return (await readStatement(
    "SELECT id, slug, nameZh, nameEn FROM Topic ORDER BY position, slug",
  ).all()) as TopicRef[];
}

/** Every topic with its number of visible cases (the home page asks on every view: read connection, ADR 012). */
export async function topicsWithCounts(): Promise<Array<TopicRef & { count: number }>> {
  return (await readStatement(
    `SELECT t.id, t.slug, t.nameZh, t.nameEn,
            (SELECT count(*) FROM CaseTopic ct JOIN CaseStudy c ON c.id = ct.caseId
              WHERE ct.topicId = t.id AND c.status = 'published' AND c.deletedAt IS NULL) AS count
       FROM Topic t ORDER BY t.position, t.slug`,
  ).all()) as Array<TopicRef & { count: number }>;
}

/**
 * A topic's page header (read connection), and with `viewerId` whether that member follows
 * the topic (`viewerFollows`, null when none was named): one statement (ADR 082).
 */
export async function getTopic(slug: string, viewerId?: string) {
  const row = (await readStatement(
    `SELECT t.id, t.slug, t.nameZh, t.nameEn, t.descriptionZh, t.descriptionEn,
            EXISTS (SELECT 1 FROM Subscription s WHERE s.userId = ? AND s.targetType = 'topic' AND s.targetId = t.id)
              AS viewerFollows
       FROM Topic t WHERE t.slug = ?`,
  ).get(viewerId ?? "", slug)) as
    (TopicRef & { descriptionZh: string; descriptionEn: string; viewerFollows: number }) | undefined;
  if (!row) return null;
  const { viewerFollows, ...topic } = row;
  return { ...topic, viewerFollows: viewerId ? viewerFollows === 1 : null };
}

export interface TopicInput {
  slug: string;
  nameZh: string;
  nameEn: string;
  descriptionZh?: string;
  descriptionEn?: string;
  position?: number;
}

export async function createTopic(actorId: string, input: TopicInput) {
  return prisma.$transaction(async (tx) => {
    const topic = await tx.topic.create({ data: input, select: topicSelect });
    await writeAudit(tx, {
      actorId,
      action: "topic.create",
      targetType: "topic",
      targetId: topic.id,
      details: { slug: input.slug },
    });
    return topic;
  });
}

/** Renaming a topic changes every case document that carries its name. */
export async function updateTopic(actorId: string, id: string, input: Omit<TopicInput, "slug">) {
  return prisma.$transaction(async (tx) => {
    const topic = await tx.topic.update({ where: { id }, data: input, select: topicSelect });
    const cases = await tx.caseTopic.findMany({ where: { topicId: id }, select: { caseId: true } });
    await enqueueSearchDocs(
      tx,
      cases.map((c) => caseDocId(c.caseId)),
    );
    await writeAudit(tx, { actorId, action: "topic.update", targetType: "topic", targetId: id, details: { ...input } });
    return topic;
  });
}

export async function upsertTopics(topics: TopicInput[]) {
  for (const t of topics) {
    await prisma.topic.upsert({ where: { slug: t.slug }, create: t, update: {} });
  }
}
