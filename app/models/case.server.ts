// Case studies: the only writer of CaseStudy, CaseRevision, CaseTopic and
// CaseSlug rows (DESIGN.md data flow 1). Drafts are versioned JSON on the case;
// publishing snapshots the draft into a revision and refreshes the published
// columns, the topics and the search outbox in one transaction.
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { can } from "~/auth/permissions.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import { writeAudit } from "./audit.server.ts";
import { isLocale, type Locale } from "~/i18n/config.ts";
import { baseName } from "./base.server.ts";
import { type CaseContent, cleanContent, emptyContent } from "./case-content.ts";
import { enqueueCaseWithDiscussion } from "./search-outbox.server.ts";
import { slugify, uniqueSlug } from "./slug.server.ts";
import { follow } from "./subscription.server.ts";
import { topicName, topicSelect } from "./topic.server.ts";
import { readDate, readStatement } from "~/utils/db-read.server.ts";
import { postNeedsApproval } from "./approval.server.ts";
import type { CaseSort } from "./case-sort.ts";

type Tx = Prisma.TransactionClient;

/** Paths under /cases/ that are pages, not cases. */
const RESERVED_SLUGS = new Set(["new", "drafts"]);
type Actor = Pick<SessionUser, "id" | "role" | "baseId" | "baseVerified" | "emailVerified">;

export class CaseError extends Error {
  constructor(
    public readonly code:
      "not-found" | "forbidden" | "conflict" | "not-verified" | "no-base" | "unknown-base" | "unknown-topic",
    public readonly details: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = "CaseError";
  }
}

// Drafts are their author's alone (issue 10.5): a case nobody has published yet,
// and the author's unpublished edits of a published one, are read and changed by
// the author only. Moderators and admins act on published content: they edit the
// published revision (never the author's working copy), hide and delete it.

type CaseAccess = { authorId: string; revisionNumber: number };

export function canEditCase(user: Pick<SessionUser, "id" | "role"> | null, c: CaseAccess): boolean {
  if (!user) return false;
  if (c.authorId === user.id) return can(user, "update:case:own");
  return c.revisionNumber > 0 && can(user, "update:case:any");
}

export function canDeleteCase(user: Pick<SessionUser, "id" | "role"> | null, c: CaseAccess): boolean {
  if (!user) return false;
  if (c.authorId === user.id) return can(user, "delete:case:own");
  return c.revisionNumber > 0 && can(user, "delete:case:any");
}

/** Only the author has a working copy (a draft) of a case. */
function ownsDraft(user: Pick<SessionUser, "id" | "role">, c: { authorId: string }): boolean {
  return c.authorId === user.id && can(user, "update:case:own");
}

/** Who may publish under which base: verified members under their own base, admins under any. */
export function publishBaseFor(actor: Actor, requestedBaseId: string | null, currentBaseId: string | null): string {
  if (can(actor, "publish:case:any-base")) {
    const id = requestedBaseId ?? currentBaseId;
    if (!id) throw new CaseError("no-base");
    return id;
  }
  // Moderators editing someone else's case keep the case's base.
  if (currentBaseId && can(actor, "update:case:any")) return currentBaseId;
  if (!actor.emailVerified || !actor.baseVerified || !actor.baseId) throw new CaseError("not-verified");
  return actor.baseId;
}

/** Stored content as the pages use it, cleaned (drafts and revisions saved before issue 10.5 may hold NUL or bidi controls). */
function parseContent(json: string): CaseContent {
  return cleanContent({ ...emptyContent(), ...(JSON.parse(json) as Partial<CaseContent>) });
}

// ---------------------------------------------------------------- drafts

/** Creates a draft; a repeated request with the same clientKey returns the same case. */
export async function createDraft(authorId: string, clientKey: string, posted: CaseContent) {
  const content = cleanContent(posted);
  const existing = await prisma.caseStudy.findUnique({
    where: { authorId_clientKey: { authorId, clientKey } },
    select: { id: true, slug: true, draftVersion: true, draftSavedAt: true },
  });
  if (existing) return { ...existing, created: false };
  try {
    const id = crypto.randomUUID().replace(/-/g, "").slice(0, 24);
    const created = await prisma.caseStudy.create({
      data: { id, slug: `draft-${id}`, authorId, clientKey, draft: JSON.stringify(content), hasPendingDraft: true },
      select: { id: true, slug: true, draftVersion: true, draftSavedAt: true },
    });
    return { ...created, created: true };
  } catch (e) {
    // Two simultaneous first saves: the unique (authorId, clientKey) lets one win.
    const again = await prisma.caseStudy.findUnique({
      where: { authorId_clientKey: { authorId, clientKey } },
      select: { id: true, slug: true, draftVersion: true, draftSavedAt: true },
    });
    if (again) return { ...again, created: false };
    throw e;
  }
}

/**
 * Saves the working copy if nobody saved since `expectedVersion` (another tab,
 * another device). A conflict is reported, never silently overwritten.
 */
export async function saveDraft(
  caseId: string,
  actor: Pick<SessionUser, "id" | "role">,
  posted: CaseContent,
  expectedVersion: number,
) {
  const content = cleanContent(posted);
  const c = await prisma.caseStudy.findUnique({ where: { id: caseId }, select: { authorId: true, deletedAt: true } });
  if (!c || c.deletedAt) throw new CaseError("not-found");
  if (!ownsDraft(actor, c)) throw new CaseError("forbidden");
  const savedAt = new Date();
  const { count } = await prisma.caseStudy.updateMany({
    where: { id: caseId, draftVersion: expectedVersion },
    data: {
      draft: JSON.stringify(content),
      draftVersion: { increment: 1 },
      draftSavedAt: savedAt,
      hasPendingDraft: true,
    },
  });
  if (count === 0) {
    const now = await prisma.caseStudy.findUnique({
      where: { id: caseId },
      select: { draftVersion: true, draftSavedAt: true },
    });
    throw new CaseError("conflict", { version: now?.draftVersion, savedAt: now?.draftSavedAt });
  }
  return { version: expectedVersion + 1, savedAt };
}

/** Throws the pending edits away: the draft goes back to the published copy. */
export async function discardDraft(caseId: string, actor: Pick<SessionUser, "id" | "role">) {
  const c = await prisma.caseStudy.findUnique({
    where: { id: caseId },
    select: {
      authorId: true,
      revisionNumber: true,
      revisions: { orderBy: { number: "desc" }, take: 1, select: { content: true } },
    },
  });
  if (!c) throw new CaseError("not-found");
  if (!ownsDraft(actor, c)) throw new CaseError("forbidden");
  const latest = c.revisions[0];
  if (!latest) return;
  await prisma.caseStudy.update({
    where: { id: caseId },
    data: { draft: latest.content, draftVersion: { increment: 1 }, hasPendingDraft: false, draftSavedAt: new Date() },
  });
}

// ---------------------------------------------------------------- publish

async function resolveTopics(tx: Tx, slugs: string[]) {
  const topics = await tx.topic.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
  if (topics.length !== new Set(slugs).size) {
    const known = new Set(topics.map((t) => t.slug));
    throw new CaseError("unknown-topic", { slugs: slugs.filter((s) => !known.has(s)) });
  }
  return topics;
}

/**
 * Publishes `content` (already validated: sections checked against the editor
 * schema) as the next revision. `expectedVersion` makes a double click or a
 * second tab a no-op instead of a second revision or a second case.
 */
export async function publishCase(
  caseId: string,
  actor: Actor,
  posted: CaseContent,
  opts: { expectedVersion: number; note?: string | null; now?: Date },
) {
  const content = cleanContent(posted);
  // Outside the transaction: the first call loads the segmenter's dictionary.
  const wanted = slugify(content.title);
  return prisma.$transaction(async (tx) => {
    const c = await tx.caseStudy.findUnique({
      where: { id: caseId },
      select: {
        id: true,
        authorId: true,
        baseId: true,
        slug: true,
        status: true,
        revisionNumber: true,
        draftVersion: true,
        deletedAt: true,
        title: true,
        publishedAt: true,
        hasPendingDraft: true,
      },
    });
    if (!c || c.deletedAt) throw new CaseError("not-found");
    if (!canEditCase(actor, c)) throw new CaseError("forbidden");
    // The author publishes their working copy (versioned by draftVersion); anyone
    // else edits the published revision (versioned by its number) and leaves the
    // author's working copy alone.
    const byAuthor = ownsDraft(actor, c);
    const current = byAuthor ? c.draftVersion : c.revisionNumber;
    if (current !== opts.expectedVersion) {
      throw new CaseError("conflict", { version: current, slug: c.slug, published: c.revisionNumber > 0 });
    }
    const baseId = publishBaseFor(actor, content.baseId, c.baseId);
    const base = await tx.base.findUnique({
      where: { id: baseId },
      select: { id: true, industry: true, province: true },
    });
    if (!base) throw new CaseError("unknown-base");
    const topics = await resolveTopics(tx, content.topics);
    const now = opts.now ?? new Date();

    // Slugs follow the title; the old one keeps working as a redirect.
    let slug = c.slug;
    const alreadyFits = c.revisionNumber > 0 && (slug === wanted || new RegExp(`^${wanted}-\\d+$`).test(slug));
    if (!alreadyFits) {
      slug = await uniqueSlug(wanted, async (s) => {
        if (RESERVED_SLUGS.has(s)) return true;
        const [a, b] = await Promise.all([
          tx.caseStudy.findUnique({ where: { slug: s }, select: { id: true } }),
          tx.caseSlug.findUnique({ where: { slug: s }, select: { caseId: true } }),
        ]);
        return Boolean(a && a.id !== c.id) || Boolean(b && b.caseId !== c.id);
      });
      if (c.revisionNumber > 0 && slug !== c.slug) {
        await tx.caseSlug.upsert({
          where: { slug: c.slug },
          create: { slug: c.slug, caseId: c.id },
          update: { caseId: c.id },
        });
      }
      // A slug this case had before and now takes back is no longer a redirect.
      await tx.caseSlug.deleteMany({ where: { slug, caseId: c.id } });
    }

    const number = c.revisionNumber + 1;
    const stored: CaseContent = { ...content, baseId };
    // A new member's first case waits for a moderator (ADR 035); it stays pending through later edits.
    const pending = c.status === "pending" || (number === 1 && byAuthor && (await postNeedsApproval(tx, actor)));
    await tx.caseRevision.create({
      data: { caseId: c.id, number, editorId: actor.id, note: opts.note || null, content: JSON.stringify(stored) },
    });
    await tx.caseTopic.deleteMany({ where: { caseId: c.id } });
    await tx.caseTopic.createMany({ data: topics.map((t) => ({ caseId: c.id, topicId: t.id })) });
    await tx.caseStudy.update({
      where: { id: c.id },
      data: {
        slug,
        status: c.status === "hidden" ? "hidden" : pending ? "pending" : "published",
        baseId,
        title: content.title,
        titleEn: content.titleEn || null,
        summary: content.summary,
        summaryEn: content.summaryEn || null,
        ...(content.contentLanguage ? { contentLanguage: content.contentLanguage } : {}),
        stage: content.stage,
        periodStart: content.periodStart,
        periodEnd: content.periodEnd,
        industry: base.industry,
        province: base.province,
        publishedAt: c.publishedAt ?? now,
        revisionNumber: number,
        // The working copy follows the publication, unless it holds the author's
        // own unpublished edits and someone else published.
        ...(byAuthor || !c.hasPendingDraft
          ? { draft: JSON.stringify(stored), draftVersion: { increment: 1 }, draftSavedAt: now, hasPendingDraft: false }
          : {}),
      },
    });
    await enqueueCaseWithDiscussion(tx, c.id);
    // Authors follow their case's discussion from the start.
    if (number === 1) await follow(tx, c.authorId, "case", c.id);
    return { slug, revision: number, firstPublish: number === 1, pending };
  });
}

// ---------------------------------------------------------------- moderation

export async function deleteCase(caseId: string, actor: Pick<SessionUser, "id" | "role">, reason?: string | null) {
  return prisma.$transaction((tx) => deleteCaseIn(tx, caseId, actor, reason));
}

/** deleteCase inside the caller's transaction (the moderation queue). */
export async function deleteCaseIn(
  tx: Tx,
  caseId: string,
  actor: Pick<SessionUser, "id" | "role">,
  reason?: string | null,
) {
  const c = await tx.caseStudy.findUnique({
    where: { id: caseId },
    select: { authorId: true, deletedAt: true, revisionNumber: true },
  });
  if (!c || c.deletedAt) throw new CaseError("not-found");
  if (!canDeleteCase(actor, c)) throw new CaseError("forbidden");
  await tx.caseStudy.update({ where: { id: caseId }, data: { deletedAt: new Date() } });
  await enqueueCaseWithDiscussion(tx, caseId);
  if (c.authorId !== actor.id) {
    await writeAudit(tx, { actorId: actor.id, action: "case.delete", targetType: "case", targetId: caseId, reason });
  }
}

export async function setCaseHidden(
  caseId: string,
  actor: Pick<SessionUser, "id" | "role">,
  hidden: boolean,
  reason: string,
) {
  return prisma.$transaction((tx) => setCaseHiddenIn(tx, caseId, actor, hidden, reason));
}

/** setCaseHidden inside the caller's transaction (the moderation model adds the author's notice). */
export async function setCaseHiddenIn(
  tx: Tx,
  caseId: string,
  actor: Pick<SessionUser, "id" | "role">,
  hidden: boolean,
  reason: string,
) {
  if (!can(actor, "hide:case:any")) throw new CaseError("forbidden");
  const c = await tx.caseStudy.findUnique({
    where: { id: caseId },
    select: { revisionNumber: true, deletedAt: true },
  });
  // A case nobody has published is its author's draft: there is nothing to moderate.
  if (!c || c.deletedAt || c.revisionNumber === 0) throw new CaseError("not-found");
  await tx.caseStudy.update({
    where: { id: caseId },
    data: hidden
      ? { status: "hidden", hiddenAt: new Date(), hiddenReason: reason }
      : { status: c.revisionNumber > 0 ? "published" : "draft", hiddenAt: null, hiddenReason: null },
  });
  await enqueueCaseWithDiscussion(tx, caseId);
  await writeAudit(tx, {
    actorId: actor.id,
    action: hidden ? "case.hide" : "case.unhide",
    targetType: "case",
    targetId: caseId,
    reason,
  });
}

// ---------------------------------------------------------------- reads

export const caseCardSelect = {
  id: true,
  slug: true,
  title: true,
  titleEn: true,
  summary: true,
  summaryEn: true,
  contentLanguage: true,
  stage: true,
  industry: true,
  province: true,
  publishedAt: true,
  helpfulCount: true,
  commentCount: true,
  isDemo: true,
  base: { select: { slug: true, nameZh: true, nameEn: true } },
  topics: { select: { topic: { select: topicSelect } } },
  translations: { select: { locale: true, title: true, summary: true } },
} as const satisfies Prisma.CaseStudySelect;

export type CaseCard = Prisma.CaseStudyGetPayload<{ select: typeof caseCardSelect }>;

/**
 * The title and summary a reader of `locale` gets, and the language each is in
 * (pages mark text whose language differs from the page's with lang): the case's
 * own text when it is written in the reader's language, else its translation,
 * else (English readers) the English title and summary fields, else the original.
 */
export function caseTextFor(
  c: Pick<CaseCard, "title" | "titleEn" | "summary" | "summaryEn" | "contentLanguage" | "translations">,
  locale: Locale,
) {
  const own: Locale = c.contentLanguage === "en" ? "en" : "zh-CN";
  const translation = own !== locale ? c.translations.find((t) => t.locale === locale) : undefined;
  const legacyEn = locale === "en" && own !== "en";
  const title = translation?.title ?? (legacyEn && c.titleEn ? c.titleEn : c.title);
  const titleLang: Locale = translation || (legacyEn && c.titleEn) ? locale : own;
  const summary = translation?.summary ?? (legacyEn && c.summaryEn ? c.summaryEn : c.summary);
  const summaryLang: Locale = translation || (legacyEn && c.summaryEn) ? locale : own;
  const availableIn = [
    own,
    ...c.translations.map((t) => t.locale).filter((l): l is Locale => l !== own && isLocale(l)),
  ];
  return {
    title,
    titleLang,
    summary,
    summaryLang,
    contentLanguage: own,
    availableIn,
    translated: Boolean(translation),
  };
}

/**
 * A listing card in the reader's language (cases, topic, base, profile and home pages):
 * what CaseCardView shows and nothing more, since the cards are serialized into every
 * listing page with its loader data (issue 15.1).
 */
export function toCaseCard(c: CaseCard, locale: Locale) {
  const text = caseTextFor(c, locale);
  return {
    slug: c.slug,
    title: text.title,
    titleLang: text.titleLang,
    summary: text.summary,
    summaryLang: text.summaryLang,
    availableIn: text.availableIn,
    base: c.base ? { slug: c.base.slug, name: baseName(c.base, locale) } : null,
    industry: c.industry,
    topics: c.topics.map(({ topic }) => ({ slug: topic.slug, name: topicName(topic, locale) })),
    publishedAt: c.publishedAt ? new Date(c.publishedAt).toISOString() : null,
    isDemo: c.isDemo,
  };
}

export type CaseCardData = ReturnType<typeof toCaseCard>;

export const VISIBLE: Prisma.CaseStudyWhereInput = { status: "published", deletedAt: null };

export interface CaseListFilters {
  topic?: string;
  industry?: string;
  province?: string;
  base?: string;
  author?: string; // user id
  /** Only cases a reader of this language can read: written in it or translated into it. */
  inLanguage?: Locale;
}

export { CASE_SORTS, isCaseSort, type CaseSort } from "./case-sort.ts";
const SORT_SQL: Record<CaseSort, string> = {
  newest: "c.publishedAt DESC, c.id DESC",
  oldest: "c.publishedAt ASC, c.id ASC",
  helpful: "c.helpfulCount DESC, c.publishedAt DESC, c.id DESC",
  discussed: "c.commentCount DESC, c.publishedAt DESC, c.id DESC",
  adopted: "c.adoptionCount DESC, c.publishedAt DESC, c.id DESC",
};
/** The columns each order reads, selected by a listing's page of ids so the outer query can sort by them. */
const SORT_COLUMNS = Object.fromEntries(
  Object.entries(SORT_SQL).map(([sort, sql]) => [sort, [...new Set(sql.match(/c\.\w+/g))].join(", ")]),
) as Record<CaseSort, string>;

/**
 * The columns of a listing card (`fromCardRow` reads them): the case, its base
 * joined as `b`, its topics and translations gathered as JSON. Every page that
 * lists cases (home, /cases, topics, bases, profiles, collections) selects these
 * on the read connection (ADR 012, 048): one statement, no per-card lookups.
 * A card's topics come unordered and `fromCardRow` sorts them (by position, then
 * slug): ordered in SQL, each card made a sorted subquery of its own (a co-routine
 * and a temporary B-tree per card, ~10 % of a listing's statement).
 */
export const CARD_COLUMNS = `c.id, c.slug, c.title, c.titleEn, c.summary, c.summaryEn, c.stage, c.industry, c.province, c.publishedAt,
            c.helpfulCount, c.commentCount, c.isDemo, b.slug AS baseSlug, b.nameZh AS baseNameZh, b.nameEn AS baseNameEn,
            (SELECT json_group_array(json_object('id', t.id, 'slug', t.slug, 'nameZh', t.nameZh, 'nameEn', t.nameEn, 'position', t.position))
               FROM CaseTopic ct JOIN Topic t ON t.id = ct.topicId WHERE ct.caseId = c.id) AS topicsJson,
            c.contentLanguage,
            (SELECT json_group_array(json_object('locale', tr.locale, 'title', tr.title, 'summary', tr.summary))
               FROM CaseTranslation tr WHERE tr.caseId = c.id) AS translationsJson`;

/** The WHERE of a listing (visible cases, the filters) over `CaseStudy c` alone, with its parameters. */
function listingWhere(filters: CaseListFilters): { where: string[]; params: unknown[] } {
  const where = ["c.status = 'published'", "c.deletedAt IS NULL"];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filters.topic)
    add(
      "EXISTS (SELECT 1 FROM CaseTopic ft JOIN Topic t ON t.id = ft.topicId WHERE ft.caseId = c.id AND t.slug = ?)",
      filters.topic,
    );
  if (filters.industry) add("c.industry = ?", filters.industry);
  if (filters.province) add("c.province = ?", filters.province);
  // By the base's id, not a join: the listing's count (every matching case) then reads
  // CaseStudy's index alone; joined, it looked up each case's base (0.74 against 0.16 ms
  // with 5,000 cases, ADR 072).
  if (filters.base) add("c.baseId = (SELECT bf.id FROM Base bf WHERE bf.slug = ?)", filters.base);
  if (filters.author) add("c.authorId = ?", filters.author);
  if (filters.inLanguage) add(readableSql("?"), filters.inLanguage, filters.inLanguage);
  return { where, params };
}

function readableSql(param: string): string {
  return `(c.contentLanguage = ${param} OR EXISTS (SELECT 1 FROM CaseTranslation tl WHERE tl.caseId = c.id AND tl.locale = ${param}))`;
}

/**
 * The home page's newest cases, those its reader can read first (issue 12.12): the newest
 * `take` written in `locale`, the newest translated into it and the newest of all, each
 * read in publishedAt order from an index (ADR 080), then the first `take` of their union.
 * They are the first `take` of every visible case so ordered: a readable case among the
 * newest of all is also among the newest of its own kind, and when fewer than `take` are
 * readable, the newest of all hold the newest unreadable ones the page needs. (Testing
 * every visible case for a translation and sorting them all cost 2.7–5 ms at 5,000 cases.)
 * The translated ones are found from the translations (CROSS JOIN: SQLite keeps that
 * order; it would otherwise walk the newest cases looking for each one's translation, all
 * of them when few are translated).
 */
export async function newestReadableFirst(locale: Locale, take: number): Promise<CaseCard[]> {
  const visible = "c.status = 'published' AND c.deletedAt IS NULL";
  const newest = "ORDER BY c.publishedAt DESC, c.id DESC LIMIT ?";
  // The first `take` are chosen among the candidates' ids (subquery p), and the cards are made
  // for those only, in p's order: sorted and cut after the cards' columns, the statement made
  // every candidate's card (up to 3 × take, with their topics' and translations' JSON).
  const rows = (await readStatement(
    `SELECT ${CARD_COLUMNS}
       FROM (SELECT id, max(pref) AS pref, max(publishedAt) AS publishedAt FROM (
               SELECT * FROM (SELECT c.id, 1 AS pref, c.publishedAt FROM CaseStudy c
                               WHERE ${visible} AND c.contentLanguage = ? ${newest}) written
               UNION ALL
               SELECT * FROM (SELECT c.id, 1 AS pref, c.publishedAt FROM CaseTranslation tl CROSS JOIN CaseStudy c
                               WHERE tl.locale = ? AND c.id = tl.caseId AND ${visible} ${newest}) translated
               UNION ALL
               SELECT * FROM (SELECT c.id, 0 AS pref, c.publishedAt FROM CaseStudy c WHERE ${visible} ${newest}) anyLanguage
             ) u GROUP BY id ORDER BY pref DESC, publishedAt DESC, id DESC LIMIT ?) p
       JOIN CaseStudy c ON c.id = p.id LEFT JOIN Base b ON b.id = c.baseId
      ORDER BY p.pref DESC, p.publishedAt DESC, p.id DESC`,
  ).all(locale, take, locale, take, take, take)) as CaseCardRow[];
  return rows.map(fromCardRow);
}

/**
 * Newest first, keyset-paginated by (publishedAt, id) so pages never shift. Every
 * listing page (home, /cases, topics, bases, profiles) runs this, so it is one
 * statement on the read connection (ADR 012): base joined, topics and translations
 * gathered as JSON. /cases also sorts and numbers its pages (`sort`, `offset`; the
 * cursor applies to "newest" only). `total` (the number of cases the filters match, cursor
 * aside) comes with the page in the same statement (ADR 048); a page past the end
 * asks for it separately.
 */
export async function listCases(
  filters: CaseListFilters,
  opts: { cursor?: string | null; take?: number; sort?: CaseSort; offset?: number } = {},
) {
  const take = Math.min(opts.take ?? 20, 50);
  const sort = opts.sort ?? "newest";
  const { where, params } = listingWhere(filters);
  // The keyset condition narrows the page, not the total.
  let keyset: string | null = null;
  const keysetParams: unknown[] = [];
  if (opts.cursor && sort === "newest") {
    const [iso, id] = decodeCursor(opts.cursor);
    if (iso && id && !Number.isNaN(Date.parse(iso))) {
      keyset = "(julianday(c.publishedAt) < julianday(?) OR (julianday(c.publishedAt) = julianday(?) AND c.id < ?))";
      keysetParams.push(iso, iso, id);
    }
  }
  const offset = Math.max(0, Math.floor(opts.offset ?? 0));
  // The page's ids first, from the index (ORDER BY … LIMIT: the card's columns and
  // its JSON are then made for those rows only); the count of every match is an
  // uncorrelated subquery, run once. (A window count over the matches cost ten
  // times the page: SQLite sorts every row for it.)
  // The page keeps the order of its ids by sorting on the subquery's own columns (`p.…`):
  // SQLite then reads the ids in the order they come; sorted by the joined case's columns,
  // it put every finished card row (summaries, JSON) through a temporary B-tree again.
  const rows = (await readStatement(
    `SELECT ${CARD_COLUMNS},
            (SELECT count(*) FROM CaseStudy c WHERE ${where.join(" AND ")}) AS total
       FROM (SELECT ${SORT_COLUMNS[sort]} FROM CaseStudy c
              WHERE ${[...where, ...(keyset ? [keyset] : [])].join(" AND ")}
              ORDER BY ${SORT_SQL[sort]} LIMIT ? OFFSET ?) p
       JOIN CaseStudy c ON c.id = p.id LEFT JOIN Base b ON b.id = c.baseId
      ORDER BY ${SORT_SQL[sort].replaceAll("c.", "p.")}`,
  ).all(...params, ...params, ...keysetParams, take + 1, offset)) as Array<CaseCardRow & { total: number }>;
  const page = rows.slice(0, take).map(fromCardRow);
  const last = page[page.length - 1];
  return {
    cases: page,
    total: rows[0]?.total ?? (offset > 0 || keyset ? await countCases(filters) : 0),
    nextCursor:
      sort === "newest" && rows.length > take && last?.publishedAt
        ? encodeCursor(new Date(last.publishedAt).toISOString(), last.id)
        : null,
  };
}

export interface CaseCardRow {
  id: string;
  slug: string;
  title: string;
  titleEn: string | null;
  summary: string;
  summaryEn: string | null;
  stage: string;
  industry: string | null;
  province: string | null;
  publishedAt: string | null;
  helpfulCount: number;
  commentCount: number;
  isDemo: number;
  baseSlug: string | null;
  baseNameZh: string | null;
  baseNameEn: string | null;
  topicsJson: string;
  contentLanguage: string;
  translationsJson: string;
}

/** A card as the pages use it, from the columns of CARD_COLUMNS (other columns of the row are left out). */
export function fromCardRow(r: CaseCardRow): CaseCard {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    titleEn: r.titleEn,
    summary: r.summary,
    summaryEn: r.summaryEn,
    contentLanguage: r.contentLanguage,
    stage: r.stage,
    industry: r.industry,
    province: r.province,
    helpfulCount: r.helpfulCount,
    commentCount: r.commentCount,
    translations: JSON.parse(r.translationsJson) as CaseCard["translations"],
    publishedAt: readDate(r.publishedAt),
    isDemo: r.isDemo === 1,
    base: r.baseSlug ? { slug: r.baseSlug, nameZh: r.baseNameZh ?? "", nameEn: r.baseNameEn ?? "" } : null,
    topics: cardTopics(r.topicsJson),
  } as CaseCard;
}

type CardTopic = CaseCard["topics"][number]["topic"];

/** A card's topics from CARD_COLUMNS' `topicsJson`, in the topics' order (position, then slug). */
function cardTopics(json: string): Array<{ topic: CardTopic }> {
  const topics = JSON.parse(json) as Array<CardTopic & { position: number }>;
  if (topics.length > 1)
    topics.sort((a, b) => a.position - b.position || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  return topics.map(({ id, slug, nameZh, nameEn }) => ({ topic: { id, slug, nameZh, nameEn } }));
}

/** How many visible cases the filters match (read connection). */
export async function countCases(filters: CaseListFilters): Promise<number> {
  const { where, params } = listingWhere(filters);
  const row = (await readStatement(`SELECT count(*) AS n FROM CaseStudy c WHERE ${where.join(" AND ")}`).get(
    ...params,
  )) as { n: number };
  return row.n;
}

function encodeCursor(iso: string, id: string): string {
  return Buffer.from(`${iso}|${id}`).toString("base64url");
}
function decodeCursor(cursor: string): [string | undefined, string | undefined] {
  try {
    const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
    return iso && !Number.isNaN(Date.parse(iso)) ? [iso, id] : [undefined, undefined];
  } catch {
    return [undefined, undefined];
  }
}

/** Resolves a slug, following old slugs. */
/** Every case URL starts here (read connection, ADR 012); an old slug answers with the current one. */
export async function findCaseBySlug(slug: string) {
  const c = (await readStatement("SELECT id FROM CaseStudy WHERE slug = ?").get(slug)) as { id: string } | undefined;
  if (c) return { id: c.id, redirectTo: null as string | null };
  const old = (await readStatement(
    "SELECT c.id, c.slug FROM CaseSlug s JOIN CaseStudy c ON c.id = s.caseId WHERE s.slug = ?",
  ).get(slug)) as { id: string; slug: string } | undefined;
  if (old) return { id: old.id, redirectTo: old.slug };
  return null;
}

/**
 * What a cached render of the case page depends on (server/page-cache.ts): any
 * write to the case row moves updatedAt; writes under it (comments, votes,
 * moderation) move discussionVersion. Null when no case has this slug.
 */
export async function casePageVersion(slug: string): Promise<string | null> {
  const row = (await readStatement("SELECT updatedAt, discussionVersion FROM CaseStudy WHERE slug = ?").get(slug)) as
    { updatedAt: string | number; discussionVersion: number } | undefined;
  return row ? `${row.updatedAt}:${row.discussionVersion}` : null;
}

/**
 * What cached renders of the case listings (home, /cases, the directory's counts)
 * depend on: any write to any case moves it, so a member who has just published
 * finds their case listed. One aggregate over the case table (a few thousand
 * rows at most: ~0.1 ms).
 */
export async function listingsVersion(): Promise<string> {
  const row = (await readStatement("SELECT max(updatedAt) AS latest, count(*) AS cases FROM CaseStudy").get()) as {
    latest: string | number | null;
    cases: number;
  };
  return `${row.latest ?? 0}:${row.cases}`;
}

/** The fields that decide who may do what with a case. */
export async function caseAccess(id: string) {
  return (
    ((await readStatement(
      "SELECT id, authorId, status, deletedAt, revisionNumber, mostUsefulCommentId FROM CaseStudy WHERE id = ?",
    ).get(id)) as
      | {
          id: string;
          authorId: string;
          status: string;
          deletedAt: unknown;
          revisionNumber: number;
          mostUsefulCommentId: string | null;
        }
      | undefined) ?? null
  );
}

/**
 * The published case as readers see it (latest revision), or null. Every case page
 * view asks: one statement on the read connection (ADR 048) — the case, its base and
 * author joined, its topics and translations as JSON, its latest revision — and
 * whether it has any comments, attachments or cases it builds on: the page skips the
 * statement of each list the case has none of (ADR 079); with `viewerId`, the member's
 * vote, follow and bookmark of the case too (three statements of their own before). On a rendering server a
 * statement costs 50–250 µs however little it finds (its pages and program are out of
 * the CPU's caches by then), an index probe inside this one next to nothing.
 */
const publishedCaseSql = (where: string) =>
  `SELECT ${CARD_COLUMNS},
          c.authorId, c.status, c.deletedAt, c.hiddenReason, c.revisionNumber, c.periodStart, c.periodEnd,
          c.hasPendingDraft, c.mostUsefulCommentId, c.typicalAt, c.lockedAt, c.lockedReason, c.adoptionCount,
          b.id AS baseId, b.industry AS baseIndustry, b.province AS baseProvince, b.cityZh AS baseCityZh,
          b.cityEn AS baseCityEn, b.isDemo AS baseIsDemo,
          u.username AS authorUsername, u.displayName AS authorDisplayName, u.baseVerifiedAt AS authorBaseVerifiedAt,
          u.baseId AS authorBaseId,
          r.number AS revision, r.content AS revisionContent, r.createdAt AS revisionAt,
          EXISTS (SELECT 1 FROM Comment m WHERE m.caseId = c.id AND m.parentId IS NULL AND m.pendingAt IS NULL)
            AS hasComments,
          EXISTS (SELECT 1 FROM Attachment a WHERE a.caseId = c.id) AS hasAttachments,
          EXISTS (SELECT 1 FROM Adoption f WHERE f.followUpCaseId = c.id) AS hasBasedOn,
          EXISTS (SELECT 1 FROM Reaction v WHERE v.userId = ? AND v.targetType = 'case' AND v.targetId = c.id)
            AS viewerVoted,
          EXISTS (SELECT 1 FROM Subscription s WHERE s.userId = ? AND s.targetType = 'case' AND s.targetId = c.id)
            AS viewerFollows,
          EXISTS (SELECT 1 FROM Bookmark k WHERE k.userId = ? AND k.caseId = c.id) AS viewerBookmarked
     FROM CaseStudy c
     LEFT JOIN Base b ON b.id = c.baseId
     JOIN User u ON u.id = c.authorId
     LEFT JOIN CaseRevision r ON r.caseId = c.id
          AND r.number = (SELECT max(x.number) FROM CaseRevision x WHERE x.caseId = c.id)
    WHERE ${where}`;

export async function getPublishedCase(id: string, viewerId?: string) {
  const v = viewerId ?? "";
  const r = (await readStatement(publishedCaseSql("c.id = ?")).get(v, v, v, id)) as PublishedCaseSqlRow | undefined;
  return r ? publishedCase(r, viewerId) : null;
}

/**
 * The case page's read: getPublishedCase by the case's current slug, so a page view
 * needs no statement to resolve the slug first. Undefined when no case has this slug
 * now (an old one: findCaseBySlug follows it), null when its case was never published.
 */
export async function getPublishedCaseBySlug(slug: string, viewerId?: string) {
  const v = viewerId ?? "";
  const r = (await readStatement(publishedCaseSql("c.slug = ?")).get(v, v, v, slug)) as PublishedCaseSqlRow | undefined;
  return r ? publishedCase(r, viewerId) : undefined;
}

type PublishedCaseSqlRow = CaseCardRow & PublishedCaseRow;

function publishedCase(r: PublishedCaseSqlRow, viewerId: string | undefined) {
  if (r.revisionNumber === 0 || r.revisionContent === null) return null;
  const card = fromCardRow(r);
  return {
    ...card,
    authorId: r.authorId,
    status: r.status,
    deletedAt: readDate(r.deletedAt),
    hiddenReason: r.hiddenReason,
    revisionNumber: r.revisionNumber,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    hasPendingDraft: r.hasPendingDraft === 1,
    mostUsefulCommentId: r.mostUsefulCommentId,
    typicalAt: readDate(r.typicalAt),
    lockedAt: readDate(r.lockedAt),
    lockedReason: r.lockedReason,
    adoptionCount: r.adoptionCount,
    base:
      r.baseId && card.base
        ? {
            id: r.baseId,
            slug: card.base.slug,
            nameZh: card.base.nameZh,
            nameEn: card.base.nameEn,
            industry: r.baseIndustry!,
            province: r.baseProvince!,
            cityZh: r.baseCityZh!,
            cityEn: r.baseCityEn!,
            isDemo: r.baseIsDemo === 1,
          }
        : null,
    author: {
      username: r.authorUsername,
      displayName: r.authorDisplayName,
      baseVerifiedAt: readDate(r.authorBaseVerifiedAt),
      baseId: r.authorBaseId,
    },
    content: parseContent(r.revisionContent),
    revisionAt: readDate(r.revisionAt)!,
    hasComments: r.hasComments === 1,
    hasAttachments: r.hasAttachments === 1,
    hasBasedOn: r.hasBasedOn === 1,
    /** The case as the member asking sees it (their vote, follow, bookmark); null when no member was named. */
    viewerState: viewerId
      ? { voted: r.viewerVoted === 1, following: r.viewerFollows === 1, bookmarked: r.viewerBookmarked === 1 }
      : null,
  };
}

interface PublishedCaseRow {
  authorId: string;
  status: string;
  deletedAt: string | null;
  hiddenReason: string | null;
  revisionNumber: number;
  periodStart: number | null;
  periodEnd: number | null;
  hasPendingDraft: number;
  mostUsefulCommentId: string | null;
  typicalAt: string | null;
  lockedAt: string | null;
  lockedReason: string | null;
  adoptionCount: number;
  baseId: string | null;
  baseIndustry: string | null;
  baseProvince: string | null;
  baseCityZh: string | null;
  baseCityEn: string | null;
  baseIsDemo: number | null;
  authorUsername: string;
  authorDisplayName: string;
  authorBaseVerifiedAt: string | null;
  authorBaseId: string | null;
  revision: number | null;
  revisionContent: string | null;
  revisionAt: string | null;
  hasComments: number;
  hasAttachments: number;
  hasBasedOn: number;
  viewerVoted: number;
  viewerFollows: number;
  viewerBookmarked: number;
}

/**
 * A case as `actor` may edit it, or null when there is no such case. The author
 * gets their working copy (drafts and pending edits included, versioned by
 * draftVersion); a moderator or admin gets the latest published revision
 * (versioned by its number) and never the author's draft. Anyone else gets
 * CaseError("forbidden") for a published case and null for a draft (someone
 * else's draft does not exist for them).
 */
export async function getCaseForEditing(id: string, actor: Pick<SessionUser, "id" | "role">) {
  const c = await prisma.caseStudy.findUnique({
    where: { id },
    select: {
      id: true,
      slug: true,
      authorId: true,
      baseId: true,
      status: true,
      deletedAt: true,
      revisionNumber: true,
      draft: true,
      draftVersion: true,
      draftSavedAt: true,
      hasPendingDraft: true,
      title: true,
    },
  });
  if (!c || c.deletedAt) return null;
  if (!canEditCase(actor, c)) {
    // Someone else's draft does not exist for you.
    if (c.revisionNumber === 0) return null;
    throw new CaseError("forbidden");
  }
  const { draft, ...row } = c;
  if (ownsDraft(actor, c)) {
    return {
      ...row,
      mode: "author" as const,
      content: parseContent(draft),
      version: c.draftVersion,
      savedAt: c.draftSavedAt,
    };
  }
  const latest = await prisma.caseRevision.findFirst({
    where: { caseId: id },
    orderBy: { number: "desc" },
    select: { content: true, createdAt: true },
  });
  if (!latest) throw new CaseError("forbidden");
  return {
    ...row,
    mode: "published" as const,
    title: parseContent(latest.content).title,
    content: parseContent(latest.content),
    version: c.revisionNumber,
    savedAt: latest.createdAt,
  };
}

/** The author's own unpublished drafts and pending edits. */
export function listDraftsOf(authorId: string) {
  return prisma.caseStudy.findMany({
    where: { authorId, deletedAt: null, hasPendingDraft: true },
    orderBy: { draftSavedAt: "desc" },
    select: { id: true, slug: true, title: true, revisionNumber: true, draftSavedAt: true, draft: true },
    take: 50,
  });
}

export async function listRevisions(caseId: string) {
  return prisma.caseRevision.findMany({
    where: { caseId },
    orderBy: { number: "desc" },
    select: {
      id: true,
      number: true,
      note: true,
      createdAt: true,
      editor: { select: { username: true, displayName: true } },
    },
  });
}

export async function getRevisionContents(caseId: string, numbers: number[]) {
  const rows = await prisma.caseRevision.findMany({
    where: { caseId, number: { in: numbers } },
    select: {
      number: true,
      content: true,
      createdAt: true,
      note: true,
      editor: { select: { displayName: true, username: true } },
    },
  });
  return rows.map((r) => ({ ...r, content: parseContent(r.content) }));
}
