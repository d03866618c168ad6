// Reads for what the site publishes to other sites: the Atom feeds of new cases
// (all, per topic, per base) and the sitemap. Only what anonymous readers may see
// (published, not deleted); raw SQL on the read connection (ADR 012).
import { readDate, readStatement } from "~/utils/db-read.server.ts";

export interface FeedCase {
  id: string;
  slug: string;
  title: string;
  titleEn: string | null;
  summary: string;
  summaryEn: string | null;
  publishedAt: Date;
  /** The latest published revision (an edit republished), else publishedAt. */
  updatedAt: Date;
  author: { displayName: string; username: string };
  base: { nameZh: string; nameEn: string } | null;
  topics: Array<{ nameZh: string; nameEn: string }>;
}

export const FEED_SIZE = 50;

type Row = Record<string, string | number | null>;

/** The newest published cases, optionally of one topic or one base. */
export async function feedCases(
  filter: { topicId?: string; baseId?: string; collectionId?: string } = {},
  take = FEED_SIZE,
): Promise<FeedCase[]> {
  const join = [
    filter.topicId ? "JOIN CaseTopic ct ON ct.caseId = c.id AND ct.topicId = @topicId" : "",
    // A typical-case collection's feed (ADR 025): its cases, newest first.
    filter.collectionId ? "JOIN CollectionItem ci ON ci.caseId = c.id AND ci.collectionId = @collectionId" : "",
  ].join(" ");
  const where = filter.baseId ? "AND c.baseId = @baseId" : "";
  const rows = (await readStatement(
    `SELECT c.id, c.slug, c.title, c.titleEn, c.summary, c.summaryEn, c.publishedAt,
            (SELECT max(r.createdAt) FROM CaseRevision r WHERE r.caseId = c.id) AS revisedAt,
            u.displayName, u.username, b.nameZh, b.nameEn
       FROM CaseStudy c ${join}
       JOIN User u ON u.id = c.authorId
       LEFT JOIN Base b ON b.id = c.baseId
      WHERE c.status = 'published' AND c.deletedAt IS NULL AND c.publishedAt IS NOT NULL ${where}
      ORDER BY c.publishedAt DESC, c.id DESC
      LIMIT @take`,
  ).all({ ...filter, take })) as Row[];
  const topics = new Map<string, Array<{ nameZh: string; nameEn: string }>>();
  if (rows.length) {
    const ids = rows.map((r) => String(r.id));
    const topicRows = (await readStatement(
      `SELECT ct.caseId, t.nameZh, t.nameEn FROM CaseTopic ct JOIN Topic t ON t.id = ct.topicId
        WHERE ct.caseId IN (SELECT value FROM json_each(?)) ORDER BY t.position`,
    ).all(JSON.stringify(ids))) as Array<{ caseId: string; nameZh: string; nameEn: string }>;
    for (const t of topicRows) {
      const list = topics.get(t.caseId) ?? [];
      list.push({ nameZh: t.nameZh, nameEn: t.nameEn });
      topics.set(t.caseId, list);
    }
  }
  return rows.map((r) => {
    const publishedAt = readDate(r.publishedAt)!;
    const revisedAt = readDate(r.revisedAt);
    return {
      id: String(r.id),
      slug: String(r.slug),
      title: String(r.title ?? ""),
      titleEn: (r.titleEn as string | null) ?? null,
      summary: String(r.summary ?? ""),
      summaryEn: (r.summaryEn as string | null) ?? null,
      publishedAt,
      updatedAt: revisedAt && revisedAt > publishedAt ? revisedAt : publishedAt,
      author: { displayName: String(r.displayName ?? ""), username: String(r.username ?? "") },
      base: r.nameZh != null ? { nameZh: String(r.nameZh), nameEn: String(r.nameEn ?? "") } : null,
      topics: topics.get(String(r.id)) ?? [],
    };
  });
}

export interface SitemapRow {
  path: string;
  lastmod: Date | null;
}

/**
 * Every public page worth indexing, with the time its content last changed:
 * cases (latest published revision), bases, topics (their newest case),
 * published collections and calls that are open or past (never drafts).
 */
export async function sitemapRows(max: number): Promise<SitemapRow[]> {
  const out: SitemapRow[] = [];
  const add = (prefix: string, rows: Row[]) => {
    for (const r of rows) {
      if (out.length >= max) return;
      out.push({ path: `${prefix}${encodeURIComponent(String(r.slug))}`, lastmod: readDate(r.lastmod) });
    }
  };
  const listingsLastmod = (
    (await readStatement(
      "SELECT max(publishedAt) AS lastmod FROM CaseStudy WHERE status = 'published' AND deletedAt IS NULL",
    ).get()) as Row
  ).lastmod;
  for (const path of ["/", "/cases", "/bases", "/calls"]) out.push({ path, lastmod: readDate(listingsLastmod) });
  add(
    "/topics/",
    (await readStatement(
      `SELECT t.slug, coalesce(max(c.publishedAt), t.updatedAt) AS lastmod
         FROM Topic t LEFT JOIN CaseTopic ct ON ct.topicId = t.id
         LEFT JOIN CaseStudy c ON c.id = ct.caseId AND c.status = 'published' AND c.deletedAt IS NULL
        GROUP BY t.id ORDER BY t.position`,
    ).all()) as Row[],
  );
  add(
    "/collections/",
    (await readStatement(
      `SELECT slug, coalesce(updatedAt, publishedAt) AS lastmod FROM Collection
        WHERE status = 'published' ORDER BY publishedAt DESC`,
    ).all()) as Row[],
  );
  add(
    "/calls/",
    (await readStatement(
      `SELECT slug, updatedAt AS lastmod FROM Call WHERE status IN ('open', 'closed', 'decided') ORDER BY deadline DESC`,
    ).all()) as Row[],
  );
  add("/bases/", (await readStatement("SELECT slug, updatedAt AS lastmod FROM Base ORDER BY slug").all()) as Row[]);
  add(
    "/cases/",
    (await readStatement(
      `SELECT c.slug, (SELECT max(r.createdAt) FROM CaseRevision r WHERE r.caseId = c.id) AS lastmod
         FROM CaseStudy c
        WHERE c.status = 'published' AND c.deletedAt IS NULL AND c.revisionNumber > 0
        ORDER BY c.publishedAt DESC LIMIT ?`,
    ).all(max)) as Row[],
  );
  return out;
}

/** A topic by slug, for its feed. */
export async function topicRef(
  slug: string,
): Promise<{ id: string; slug: string; nameZh: string; nameEn: string } | null> {
  return (
    ((await readStatement("SELECT id, slug, nameZh, nameEn FROM Topic WHERE slug = ?").get(slug)) as
      { id: string; slug: string; nameZh: string; nameEn: string } | undefined) ?? null
  );
}

/** A base by slug, for its feed. */
export async function baseRef(
  slug: string,
): Promise<{ id: string; slug: string; nameZh: string; nameEn: string } | null> {
  return (
    ((await readStatement("SELECT id, slug, nameZh, nameEn FROM Base WHERE slug = ?").get(slug)) as
      { id: string; slug: string; nameZh: string; nameEn: string } | undefined) ?? null
  );
}
