// The signed-in member's feed: new published cases in followed topics and bases,
// and followed discussions with recent comments, merged newest first. A fixed
// number of queries whatever the page holds (follows, cases, comment activity
// grouped by case, the active cases' cards), keyset-paginated on (time, key).
import type { Locale } from "~/i18n/config.ts";
import { baseName } from "~/models/base.server.ts";
import { caseCardSelect, toCaseCard, VISIBLE, type CaseCardData } from "~/models/case.server.ts";
import { topicName } from "~/models/topic.server.ts";
import { prisma, type Prisma } from "~/utils/db.server.ts";
import { findInChunks } from "~/utils/chunked.ts";

/** Comments older than this do not make a discussion "active". */
export const ACTIVE_THREAD_DAYS = 30;
export const FEED_PAGE = 20;

export type FeedItem =
  | { kind: "case"; key: string; at: string; card: CaseCardData }
  | { kind: "thread"; key: string; at: string; card: CaseCardData; comments: number };

interface Cursor {
  at: Date;
  key: string;
}

export function encodeFeedCursor(at: string, key: string): string {
  return Buffer.from(`${at}|${key}`).toString("base64url");
}

export function decodeFeedCursor(raw: string | null): Cursor | null {
  if (!raw) return null;
  try {
    const [iso, key] = Buffer.from(raw, "base64url").toString().split("|");
    if (!iso || !key || Number.isNaN(Date.parse(iso)) || !/^(case|thread):[A-Za-z0-9_-]{1,64}$/.test(key)) return null;
    return { at: new Date(iso), key };
  } catch {
    return null;
  }
}

/** Strictly after the cursor in (time desc, key desc) order. */
function before(at: Date, key: string, cursor: Cursor | null): boolean {
  if (!cursor) return true;
  const d = at.getTime() - cursor.at.getTime();
  return d < 0 || (d === 0 && key < cursor.key);
}

export async function loadFeed(
  userId: string,
  locale: Locale,
  opts: { cursor?: string | null; take?: number; now?: Date } = {},
) {
  const take = Math.min(opts.take ?? FEED_PAGE, 50);
  const cursor = decodeFeedCursor(opts.cursor ?? null);
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - ACTIVE_THREAD_DAYS * 24 * 3600_000);

  const subs = await prisma.subscription.findMany({ where: { userId }, select: { targetType: true, targetId: true } });
  const ids = (type: string) => subs.filter((s) => s.targetType === type).map((s) => s.targetId);
  const topicIds = ids("topic");
  const baseIds = ids("base");
  const caseIds = ids("case");

  // Follows are not bounded, so every list of followed ids is read in chunks
  // (app/utils/chunked.ts); each chunk's first rows are merged into the overall first ones.
  const window = take + 1 + 5;
  const newCasesIn = (where: Prisma.CaseStudyWhereInput) =>
    prisma.caseStudy.findMany({
      where: {
        AND: [
          VISIBLE,
          where,
          // Ties are settled in memory by before(); this only narrows.
          cursor ? { publishedAt: { lte: cursor.at } } : {},
        ],
      },
      orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
      take: window,
      select: caseCardSelect,
    });
  const activityIn = (chunk: string[]) =>
    prisma.comment.groupBy({
      by: ["caseId"],
      where: {
        caseId: { in: chunk },
        authorId: { not: userId },
        deletedAt: null,
        hiddenAt: null,
        createdAt: { gte: since },
        case: VISIBLE,
      },
      // On the thread's latest comment, not on each comment: a thread shown
      // on an earlier page must not come back with an older time.
      ...(cursor ? { having: { createdAt: { _max: { lte: cursor.at } } } } : {}),
      _max: { createdAt: true },
      _count: { _all: true },
      orderBy: { _max: { createdAt: "desc" } },
      take: window,
    });
  const [newCaseChunks, activityChunks, topics, bases] = await Promise.all([
    Promise.all([
      findInChunks(baseIds, (chunk) => newCasesIn({ baseId: { in: chunk } })),
      findInChunks(topicIds, (chunk) => newCasesIn({ topics: { some: { topicId: { in: chunk } } } })),
    ]),
    findInChunks(caseIds, activityIn),
    findInChunks(topicIds, (chunk) =>
      prisma.topic.findMany({ where: { id: { in: chunk } }, select: { slug: true, nameZh: true, nameEn: true } }),
    ),
    findInChunks(baseIds, (chunk) =>
      prisma.base.findMany({ where: { id: { in: chunk } }, select: { slug: true, nameZh: true, nameEn: true } }),
    ),
  ]);
  const newCases = [...new Map(newCaseChunks.flat().map((c) => [c.id, c])).values()]
    .sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0) || (a.id < b.id ? 1 : -1))
    .slice(0, window);
  const activity = activityChunks
    .sort((a, b) => (b._max.createdAt?.getTime() ?? 0) - (a._max.createdAt?.getTime() ?? 0))
    .slice(0, window);

  const threadCards = activity.length
    ? await prisma.caseStudy.findMany({
        where: { id: { in: activity.map((a) => a.caseId) }, ...VISIBLE },
        select: caseCardSelect,
      })
    : [];
  const cardById = new Map(threadCards.map((c) => [c.id, c]));

  const items: (FeedItem & { time: Date })[] = [];
  for (const c of newCases) {
    if (!c.publishedAt) continue;
    const key = `case:${c.id}`;
    if (before(c.publishedAt, key, cursor))
      items.push({
        kind: "case",
        key,
        time: c.publishedAt,
        at: c.publishedAt.toISOString(),
        card: toCaseCard(c, locale),
      });
  }
  for (const a of activity) {
    const last = a._max.createdAt;
    const card = cardById.get(a.caseId);
    if (!last || !card) continue;
    const key = `thread:${a.caseId}`;
    if (before(last, key, cursor)) {
      items.push({
        kind: "thread",
        key,
        time: last,
        at: last.toISOString(),
        card: toCaseCard(card, locale),
        comments: a._count._all,
      });
    }
  }
  items.sort((x, y) => y.time.getTime() - x.time.getTime() || (x.key < y.key ? 1 : x.key > y.key ? -1 : 0));
  const page = items.slice(0, take).map(({ time: _t, ...item }) => item as FeedItem);
  const last = page[page.length - 1];
  return {
    items: page,
    nextCursor: items.length > take && last ? encodeFeedCursor(last.at, last.key) : null,
    following: {
      topics: topics.map((t) => ({ slug: t.slug, name: topicName(t, locale) })),
      bases: bases.map((b) => ({ slug: b.slug, name: baseName(b, locale) })),
      cases: caseIds.length,
    },
  };
}
