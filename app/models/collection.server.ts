// Typical-case collections (典型案例, ADR 025): the only writer of Collection and
// CollectionItem rows and of CaseStudy.typicalAt. Staff with
// manage:collection:any assemble a collection (from a call's selected
// submissions or any published case), order it, annotate each case, and publish
// it. A case is typical while it is in at least one published collection:
// typicalAt is the publish date of the first such collection. Whenever that
// changes, the case's search document is queued (outbox) and its page version
// bumped (cached renders show the badge, ADR 015) in the same transaction.
import type { JSONContent } from "@tiptap/core";
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { can } from "~/auth/permissions.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import type { Locale } from "~/i18n/config.ts";
import { writeAudit } from "./audit.server.ts";
import {
  CARD_COLUMNS,
  caseCardSelect,
  fromCardRow,
  toCaseCard,
  type CaseCardData,
  type CaseCardRow,
} from "./case.server.ts";
import { readDate, readStatement } from "~/utils/db-read.server.ts";
import { cleanContent, emptyContent, type CaseContent } from "./case-content.ts";
import { discussionChanged } from "./comment.server.ts";
import { COLLECTION_LIMITS } from "./collection-input.ts";
import { caseDocId, enqueueSearchDocs } from "./search-outbox.server.ts";
import { slugify, uniqueSlug } from "./slug.server.ts";
import { OPEN_CALLS_JSON, openCallsFromJson } from "./call.server.ts";

type Tx = Prisma.TransactionClient;
type Actor = Pick<SessionUser, "id" | "role">;

export type CollectionErrorCode = "forbidden" | "not-found" | "case-invalid" | "duplicate" | "full" | "empty";

export class CollectionError extends Error {
  constructor(public readonly code: CollectionErrorCode) {
    super(code);
    this.name = "CollectionError";
  }
}

export interface CollectionInput {
  title: string;
  titleEn: string;
  introduction: JSONContent;
  introductionEn: JSONContent | null;
  publishDate: Date | null;
  featured: boolean;
  callId: string | null;
}

function requireStaff(actor: Actor | null) {
  if (!can(actor, "manage:collection:any")) throw new CollectionError("forbidden");
}

async function collectionForWrite(tx: Tx, id: string) {
  const c = await tx.collection.findUnique({
    where: { id },
    select: { id: true, status: true, publishedAt: true, callId: true },
  });
  if (!c) throw new CollectionError("not-found");
  return c;
}

/**
 * Recomputes typicalAt of these cases from the published collections that hold
 * them; each case whose value changes is re-indexed and its page version bumped.
 */
export async function refreshTypical(tx: Tx, caseIds: string[]): Promise<void> {
  for (const caseId of new Set(caseIds)) {
    const first = await tx.collectionItem.findFirst({
      where: { caseId, collection: { status: "published" } },
      orderBy: { collection: { publishedAt: "asc" } },
      select: { collection: { select: { publishedAt: true } } },
    });
    const typicalAt = first ? (first.collection.publishedAt ?? new Date()) : null;
    const current = await tx.caseStudy.findUnique({ where: { id: caseId }, select: { typicalAt: true } });
    if (!current) continue;
    if ((current.typicalAt?.getTime() ?? null) === (typicalAt?.getTime() ?? null)) continue;
    await tx.caseStudy.update({ where: { id: caseId }, data: { typicalAt } });
    await discussionChanged(tx, caseId);
    await enqueueSearchDocs(tx, [caseDocId(caseId)]);
  }
}

export async function createCollection(actor: Actor, input: CollectionInput, opts: { isDemo?: boolean } = {}) {
  requireStaff(actor);
  const slug = await uniqueSlug(
    `collection-${slugify(input.titleEn || input.title)}`,
    async (s) => (await prisma.collection.count({ where: { slug: s } })) > 0,
  );
  return prisma.$transaction(async (tx) => {
    const created = await tx.collection.create({
      data: {
        slug,
        title: input.title,
        titleEn: input.titleEn || null,
        introduction: JSON.stringify(input.introduction),
        introductionEn: input.introductionEn ? JSON.stringify(input.introductionEn) : null,
        featured: input.featured,
        publishedAt: input.publishDate,
        callId: input.callId,
        createdById: actor.id,
        isDemo: opts.isDemo ?? false,
      },
      select: { id: true, slug: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: "collection.create",
      targetType: "collection",
      targetId: created.id,
    });
    return created;
  });
}

export async function updateCollection(actor: Actor, id: string, input: CollectionInput) {
  requireStaff(actor);
  await prisma.$transaction(async (tx) => {
    const c = await collectionForWrite(tx, id);
    await tx.collection.update({
      where: { id },
      data: {
        title: input.title,
        titleEn: input.titleEn || null,
        introduction: JSON.stringify(input.introduction),
        introductionEn: input.introductionEn ? JSON.stringify(input.introductionEn) : null,
        featured: input.featured,
        // A published collection keeps a date; a draft may leave it to the day of publishing.
        publishedAt: input.publishDate ?? (c.status === "published" ? c.publishedAt : null),
        callId: input.callId,
      },
    });
    if (c.status === "published") {
      const items = await tx.collectionItem.findMany({ where: { collectionId: id }, select: { caseId: true } });
      await refreshTypical(
        tx,
        items.map((i) => i.caseId),
      );
    }
    await writeAudit(tx, { actorId: actor.id, action: "collection.update", targetType: "collection", targetId: id });
  });
}

async function appendItem(tx: Tx, collectionId: string, caseId: string, note = "") {
  const c = await tx.caseStudy.findUnique({
    where: { id: caseId },
    select: { id: true, status: true, deletedAt: true, revisionNumber: true },
  });
  if (!c || c.status !== "published" || c.deletedAt || c.revisionNumber === 0)
    throw new CollectionError("case-invalid");
  const existing = await tx.collectionItem.findUnique({ where: { collectionId_caseId: { collectionId, caseId } } });
  if (existing) throw new CollectionError("duplicate");
  const agg = await tx.collectionItem.aggregate({
    where: { collectionId },
    _max: { position: true },
    _count: { _all: true },
  });
  if (agg._count._all >= COLLECTION_LIMITS.items) throw new CollectionError("full");
  await tx.collectionItem.create({
    data: { collectionId, caseId, note, position: (agg._max.position ?? 0) + 1 },
  });
}

/** Adds one published case at the end of the collection. */
export async function addCollectionItem(actor: Actor, collectionId: string, caseId: string, note = "") {
  requireStaff(actor);
  await prisma.$transaction(async (tx) => {
    const col = await collectionForWrite(tx, collectionId);
    await appendItem(tx, collectionId, caseId, note);
    if (col.status === "published") await refreshTypical(tx, [caseId]);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "collection.item.add",
      targetType: "collection",
      targetId: collectionId,
      details: { caseId },
    });
  });
}

/** Adds every selected submission of the collection's call not in it yet; returns how many. */
export async function addSelectedSubmissions(actor: Actor, collectionId: string): Promise<number> {
  requireStaff(actor);
  return prisma.$transaction(async (tx) => {
    const col = await collectionForWrite(tx, collectionId);
    if (!col.callId) return 0;
    const [selected, present] = await Promise.all([
      tx.submission.findMany({
        where: { callId: col.callId, status: "selected", case: { status: "published", deletedAt: null } },
        orderBy: { createdAt: "asc" },
        select: { caseId: true },
      }),
      tx.collectionItem.findMany({ where: { collectionId }, select: { caseId: true } }),
    ]);
    const have = new Set(present.map((p) => p.caseId));
    const added: string[] = [];
    for (const s of selected) {
      if (have.has(s.caseId)) continue;
      await appendItem(tx, collectionId, s.caseId);
      added.push(s.caseId);
    }
    if (col.status === "published") await refreshTypical(tx, added);
    if (added.length)
      await writeAudit(tx, {
        actorId: actor.id,
        action: "collection.item.add",
        targetType: "collection",
        targetId: collectionId,
        details: { caseIds: added, fromCall: col.callId },
      });
    return added.length;
  });
}

/** Moves a case one place up or down (swaps positions with its neighbour). */
export async function moveCollectionItem(actor: Actor, collectionId: string, caseId: string, direction: "up" | "down") {
  requireStaff(actor);
  await prisma.$transaction(async (tx) => {
    await collectionForWrite(tx, collectionId);
    const items = await tx.collectionItem.findMany({
      where: { collectionId },
      orderBy: { position: "asc" },
      select: { caseId: true, position: true },
    });
    const i = items.findIndex((x) => x.caseId === caseId);
    if (i < 0) throw new CollectionError("case-invalid");
    const j = direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= items.length) return;
    const [a, b] = [items[i]!, items[j]!];
    // Positions are renumbered 1..n so that duplicates left by old data cannot stall a move.
    const order = items.map((x) => x.caseId);
    [order[i], order[j]] = [b.caseId, a.caseId];
    for (const [k, id] of order.entries())
      await tx.collectionItem.update({
        where: { collectionId_caseId: { collectionId, caseId: id } },
        data: { position: k + 1 },
      });
    await writeAudit(tx, {
      actorId: actor.id,
      action: "collection.item.move",
      targetType: "collection",
      targetId: collectionId,
      details: { caseId, direction },
    });
  });
}

export async function setCollectionItemNote(
  actor: Actor,
  collectionId: string,
  caseId: string,
  note: string,
  noteEn: string,
) {
  requireStaff(actor);
  await prisma.$transaction(async (tx) => {
    await collectionForWrite(tx, collectionId);
    const { count } = await tx.collectionItem.updateMany({
      where: { collectionId, caseId },
      data: { note, noteEn: noteEn || null },
    });
    if (count !== 1) throw new CollectionError("case-invalid");
    await writeAudit(tx, {
      actorId: actor.id,
      action: "collection.item.note",
      targetType: "collection",
      targetId: collectionId,
      details: { caseId },
    });
  });
}

export async function removeCollectionItem(actor: Actor, collectionId: string, caseId: string) {
  requireStaff(actor);
  await prisma.$transaction(async (tx) => {
    await collectionForWrite(tx, collectionId);
    const { count } = await tx.collectionItem.deleteMany({ where: { collectionId, caseId } });
    if (count !== 1) throw new CollectionError("case-invalid");
    await refreshTypical(tx, [caseId]);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "collection.item.remove",
      targetType: "collection",
      targetId: collectionId,
      details: { caseId },
    });
  });
}

/** Publishes (the cases become typical) or withdraws a collection. */
export async function setCollectionPublished(actor: Actor, collectionId: string, published: boolean, now = new Date()) {
  requireStaff(actor);
  await prisma.$transaction(async (tx) => {
    const col = await collectionForWrite(tx, collectionId);
    const items = await tx.collectionItem.findMany({ where: { collectionId }, select: { caseId: true } });
    if (published && items.length === 0) throw new CollectionError("empty");
    await tx.collection.update({
      where: { id: collectionId },
      data: published ? { status: "published", publishedAt: col.publishedAt ?? now } : { status: "draft" },
    });
    await refreshTypical(
      tx,
      items.map((i) => i.caseId),
    );
    await writeAudit(tx, {
      actorId: actor.id,
      action: published ? "collection.publish" : "collection.unpublish",
      targetType: "collection",
      targetId: collectionId,
      details: { cases: items.length },
    });
  });
}

/** Turns a member's weekly mail of new typical cases on or off (sent by app/jobs/typical-digest.server.ts). */
export async function setTypicalDigest(userId: string, on: boolean): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { typicalCaseDigest: on } });
}

export async function typicalDigestOn(userId: string): Promise<boolean> {
  const u = await prisma.user.findUnique({ where: { id: userId }, select: { typicalCaseDigest: true } });
  return u?.typicalCaseDigest ?? false;
}

// ---------------------------------------------------------------- reads

export function collectionTitle(c: { title: string; titleEn: string | null }, locale: Locale): string {
  return locale === "en" && c.titleEn ? c.titleEn : c.title;
}

const listSelect = {
  id: true,
  slug: true,
  title: true,
  titleEn: true,
  status: true,
  featured: true,
  publishedAt: true,
  updatedAt: true,
  _count: { select: { items: true } },
} as const satisfies Prisma.CollectionSelect;

/** Published collections, newest first; staff also get the drafts. */
export async function listCollections(opts: { includeDrafts?: boolean; take?: number } = {}) {
  return prisma.collection.findMany({
    where: opts.includeDrafts ? {} : { status: "published" },
    orderBy: [{ publishedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: listSelect,
    take: Math.min(opts.take ?? 100, 500),
  });
}

/**
 * The home page's curation region: the open calls (closest deadline first) and the featured
 * published collections with their first cases.
 */
export async function homeCuration(locale: Locale, take = 2, casesEach = 4, calls = 3) {
  // One statement (the home page asks on every view: read connection, ADR 048, 082): the
  // open calls as one JSON column on every row (an uncorrelated subquery: run once), and
  // the newest featured collections, each with its item count and first visible cases
  // (chosen per collection, so only those cases' rows are read); a collection without
  // visible cases is one row of nulls. The choice walks the collection's items and looks
  // each case up (CROSS JOIN: SQLite keeps that order): joined plainly, SQLite went
  // through every visible case of the site by its status index instead, per collection
  // (0.85 ms with 5,000 cases, 0.17-0.30 ms this way; ADR 072). The collections hang off
  // one constant row, so the calls come back when no collection is featured.
  const rows = (await readStatement(
    `SELECT ${OPEN_CALLS_JSON} AS callsJson, col.slug AS collectionSlug, col.title AS collectionTitle, col.titleEn AS collectionTitleEn,
            col.publishedAt AS collectionPublishedAt, col.items AS collectionItems, ${CARD_COLUMNS}
       FROM (SELECT 1 AS one) home
       LEFT JOIN (SELECT k.id, k.slug, k.title, k.titleEn, k.publishedAt,
                    (SELECT count(*) FROM CollectionItem ci WHERE ci.collectionId = k.id) AS items
               FROM Collection k WHERE k.status = 'published' AND k.featured = TRUE
              ORDER BY k.publishedAt DESC, k.id DESC LIMIT ?) col ON TRUE
       LEFT JOIN CollectionItem it ON it.collectionId = col.id
            AND it.caseId IN (SELECT i.caseId FROM CollectionItem i CROSS JOIN CaseStudy v
                               WHERE v.id = i.caseId AND i.collectionId = col.id
                                 AND v.status = 'published' AND v.deletedAt IS NULL
                               ORDER BY i.position, i.caseId LIMIT ?)
       LEFT JOIN CaseStudy c ON c.id = it.caseId
       LEFT JOIN Base b ON b.id = c.baseId
      ORDER BY col.publishedAt DESC, col.id DESC, it.position, it.caseId`,
  ).all(calls, take, casesEach)) as Array<
    CaseCardRow & {
      callsJson: string;
      collectionSlug: string | null;
      collectionTitle: string;
      collectionTitleEn: string | null;
      collectionPublishedAt: string | null;
      collectionItems: number;
    }
  >;
  const out: Array<{ slug: string; title: string; publishedAt: string | null; count: number; cases: CaseCardData[] }> =
    [];
  for (const r of rows) {
    if (r.collectionSlug === null) continue;
    let last = out[out.length - 1];
    if (last?.slug !== r.collectionSlug) {
      last = {
        slug: r.collectionSlug,
        title: collectionTitle({ title: r.collectionTitle, titleEn: r.collectionTitleEn }, locale),
        publishedAt: readDate(r.collectionPublishedAt)?.toISOString() ?? null,
        count: r.collectionItems,
        cases: [],
      };
      out.push(last);
    }
    if (r.id) last.cases.push(toCaseCard(fromCardRow(r), locale));
  }
  return { calls: openCallsFromJson(rows[0]?.callsJson ?? "[]"), collections: out };
}

/** A collection with its cases in order (only visible cases); null if unknown. */
export async function getCollection(slug: string) {
  const c = await prisma.collection.findUnique({
    where: { slug },
    select: {
      ...listSelect,
      introduction: true,
      introductionEn: true,
      callId: true,
      call: { select: { slug: true, title: true, titleEn: true } },
      items: {
        orderBy: { position: "asc" },
        select: {
          position: true,
          note: true,
          noteEn: true,
          case: { select: { ...caseCardSelect, status: true, deletedAt: true, updatedAt: true } },
        },
      },
    },
  });
  return c;
}

export interface CompendiumCase {
  slug: string;
  title: string;
  summary: string;
  baseName: string;
  province: string;
  industry: string;
  note: string;
  content: CaseContent;
  /** Whether this is the case's English (or Chinese) text, or a fallback to the original language. */
  translated: boolean;
}

function parseContent(json: string): CaseContent {
  try {
    return cleanContent({ ...emptyContent(), ...(JSON.parse(json) as Partial<CaseContent>) });
  } catch {
    return emptyContent();
  }
}

/**
 * What the compendium (.docx and print view) needs: each visible case's latest
 * revision in the requested language — the case's own text when it is written in
 * that language, else its translation, else the original (marked untranslated).
 */
export async function compendiumCases(collectionId: string, locale: Locale): Promise<CompendiumCase[]> {
  const items = await prisma.collectionItem.findMany({
    where: { collectionId, case: { status: "published", deletedAt: null } },
    orderBy: { position: "asc" },
    select: {
      note: true,
      noteEn: true,
      case: {
        select: {
          id: true,
          slug: true,
          title: true,
          titleEn: true,
          summary: true,
          summaryEn: true,
          contentLanguage: true,
          province: true,
          industry: true,
          base: { select: { nameZh: true, nameEn: true } },
          revisions: { orderBy: { number: "desc" }, take: 1, select: { content: true } },
          translations: { where: { locale }, select: { title: true, summary: true, content: true } },
        },
      },
    },
  });
  return items.map(({ note, noteEn, case: c }) => {
    const original = parseContent(c.revisions[0]?.content ?? "{}");
    const translation = c.contentLanguage !== locale ? c.translations[0] : undefined;
    const own = c.contentLanguage === locale;
    const content = translation
      ? { ...original, sections: { ...original.sections, ...parseContent(translation.content).sections } }
      : original;
    const en = locale === "en";
    return {
      slug: c.slug,
      title: translation?.title || (en && c.titleEn ? c.titleEn : c.title),
      summary: translation?.summary || (en && c.summaryEn ? c.summaryEn : c.summary),
      baseName: c.base ? (en ? c.base.nameEn : c.base.nameZh) : "",
      province: c.province ?? "",
      industry: c.industry ?? "",
      note: en && noteEn ? noteEn : note,
      content,
      translated: own || Boolean(translation),
    };
  });
}
