// What the search index holds, decided here and nowhere else (the engines know
// nothing of cases). Following the indexing pipeline of DESIGN.md: drop what is
// not public (drafts, hidden, deleted) → keep only public fields → transform to
// text → stable ids ("case-<id>").
import type { JSONContent } from "@tiptap/core";
import { docToPlainText } from "~/editor/render.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { detectTextLanguage } from "~/search/language.ts";
import type { IndexSchema, SearchDocument } from "~/search/port.ts";
import { prisma } from "~/utils/db.server.ts";
import { SECTIONS, type CaseContent } from "./case-content.ts";
import { glossarySynonyms } from "./search-glossary.ts";
import { caseDocId } from "./search-outbox.server.ts";
import { findInChunks } from "~/utils/chunked.ts";

export const CONTENT_INDEX: IndexSchema = {
  name: "content",
  // Ranking: title > summary > topics > place (province and city, zh/en/pinyin) > base name > body
  // (the author helps find a case by who wrote it). ADR 030.
  searchable: ["title", "titleEn", "summary", "summaryEn", "topicNames", "place", "baseName", "body", "author"],
  facets: ["kind", "topic", "industry", "province", "base", "stage", "typical"],
  // publishedAt first: the tie-break of every order.
  sortables: ["publishedAt", "helpful", "adopted"],
  // Same language first at equal match quality; titleEn/summaryEn rank with the original fields;
  // a topic name in the other language than the query is a cross-language match.
  language: "lang",
  translationOf: { titleEn: "title", summaryEn: "summary" },
  bilingual: ["topicNames"],
  displayed: [
    "slug",
    "caseSlug",
    "title",
    "titleEn",
    "summary",
    "summaryEn",
    "baseNameZh",
    "baseNameEn",
    "base",
    "industry",
    "province",
    "stage",
    "topic",
    "publishedAt",
    "helpful",
    "adopted",
    "typical",
    "lang",
    "externalId",
    "author",
  ],
  highlight: ["title", "titleEn", "summary", "summaryEn"],
  snippet: ["body"],
  dictionary: [
    "外贸转型升级基地",
    "跨境电商",
    "数字化转型",
    "公共服务平台",
    "产业集群",
    "海外仓",
    "品牌建设",
    "标准认证",
    "检验检测",
    "市场采购贸易",
    "专精特新",
  ],
  // zh↔en names of the same practice (app/models/search-glossary.ts): 直播 finds "live streaming" and back.
  synonyms: glossarySynonyms(),
};

const caseSelect = {
  id: true,
  slug: true,
  status: true,
  deletedAt: true,
  title: true,
  titleEn: true,
  summary: true,
  summaryEn: true,
  stage: true,
  industry: true,
  province: true,
  publishedAt: true,
  helpfulCount: true,
  adoptionCount: true,
  typicalAt: true,
  contentLanguage: true,
  externalId: true,
  revisionNumber: true,
  base: { select: { slug: true, nameZh: true, nameEn: true, province: true, cityZh: true, cityEn: true } },
  author: { select: { displayName: true } },
  topics: { select: { topic: { select: { slug: true, nameZh: true, nameEn: true } } } },
  revisions: { orderBy: { number: "desc" as const }, take: 1, select: { content: true } },
  // Translations are searchable too (issue 12.1): an English translation fills the English fields.
  translations: { select: { locale: true, title: true, summary: true, content: true } },
} as const;

/**
 * Documents for the given ids: `upserts` for what readers may see, `deletes`
 * for ids that must leave the index (unpublished, hidden, deleted, unknown).
 */
export async function caseSearchDocuments(
  caseIds: string[],
): Promise<{ upserts: SearchDocument[]; deletes: string[] }> {
  const rows = await findInChunks(caseIds, (ids) =>
    prisma.caseStudy.findMany({ where: { id: { in: ids } }, select: caseSelect }),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const upserts: SearchDocument[] = [];
  const deletes: string[] = [];
  for (const id of caseIds) {
    const c = byId.get(id);
    const latest = c?.revisions[0];
    if (!c || c.status !== "published" || c.deletedAt || c.revisionNumber === 0 || !latest) {
      deletes.push(caseDocId(id));
      continue;
    }
    const content = JSON.parse(latest.content) as CaseContent;
    const english = c.translations.find((t) => t.locale === "en");
    const translatedSections = c.translations.flatMap((t) => {
      const sections = JSON.parse(t.content) as Partial<Record<string, unknown>>;
      const text = SECTIONS.map((s) => docToPlainText((sections[s] ?? null) as JSONContent | null));
      // A translation other than the English fields' one is found through the body.
      return t === english ? text : [t.title, t.summary, ...text];
    });
    const body = [
      ...SECTIONS.map((s) => docToPlainText(content.sections[s] as JSONContent | null)),
      ...translatedSections,
      ...content.metrics.map((m) => `${m.label} ${m.before} ${m.after} ${m.unit}`),
    ]
      .filter(Boolean)
      .join("\n");
    upserts.push({
      id: caseDocId(c.id),
      kind: "case",
      fields: {
        kind: "case",
        slug: c.slug,
        title: c.title,
        titleEn: english?.title ?? c.titleEn ?? "",
        summary: c.summary,
        summaryEn: english?.summary ?? c.summaryEn ?? "",
        topicNames: c.topics.flatMap(({ topic }) => [topic.nameZh, topic.nameEn]),
        topic: c.topics.map(({ topic }) => topic.slug),
        place: placeNames(c.province ?? c.base?.province ?? null, c.base?.cityZh, c.base?.cityEn),
        baseName: c.base ? `${c.base.nameZh} ${c.base.nameEn}` : "",
        baseNameZh: c.base?.nameZh ?? "",
        baseNameEn: c.base?.nameEn ?? "",
        base: c.base?.slug ?? "",
        industry: c.industry ?? "",
        province: c.province ?? "",
        stage: c.stage ?? "",
        body,
        author: c.author.displayName,
        publishedAt: c.publishedAt ? new Date(c.publishedAt).getTime() : 0,
        helpful: c.helpfulCount,
        adopted: c.adoptionCount,
        typical: c.typicalAt ? "typical" : "",
        lang: caseLanguage(c.contentLanguage, `${c.title} ${c.summary}`),
        externalId: c.externalId ?? "",
      },
    });
  }
  return { upserts, deletes };
}

/**
 * A case's language for ranking: "en" when its content language says so; otherwise
 * (zh-CN, the column's default, which rows written before the language was chosen
 * also carry) the language its title and summary are written in.
 */
export function caseLanguage(contentLanguage: string | null | undefined, text: string): "zh" | "en" {
  if (contentLanguage === "en") return "en";
  return detectTextLanguage(text) ?? "zh";
}

const PROVINCE_SUFFIX = /(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$/;
/** Pinyin where the English name is not it. */
const PROVINCE_PINYIN: Record<string, string> = { "inner-mongolia": "Nei Mongol Neimenggu", tibet: "Xizang" };

/**
 * Place names as searchable text: the province in Chinese (full and short: 云南省 云南),
 * English and pinyin, and the city in Chinese (with and without 市/县/区) and English.
 */
export function placeNames(province: string | null, cityZh?: string | null, cityEn?: string | null): string[] {
  const out: string[] = [];
  if (province) {
    const zh = tFor("zh-CN")(`bases:provinces.${province}`, { defaultValue: "" });
    const en = tFor("en")(`bases:provinces.${province}`, { defaultValue: "" });
    if (zh) out.push(zh, zh.replace(PROVINCE_SUFFIX, ""));
    if (en) out.push(en);
    out.push(province.replace(/-/g, " "));
    if (PROVINCE_PINYIN[province]) out.push(PROVINCE_PINYIN[province]!);
  }
  if (cityZh) out.push(cityZh, cityZh.replace(/(?:市|县|区)$/, ""));
  if (cityEn) out.push(cityEn);
  return [...new Set(out.filter(Boolean))];
}

function commentRows(ids: string[]) {
  return prisma.comment.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      bodyText: true,
      deletedAt: true,
      hiddenAt: true,
      pendingAt: true,
      createdAt: true,
      helpfulCount: true,
      author: { select: { displayName: true } },
      case: {
        select: {
          slug: true,
          title: true,
          titleEn: true,
          status: true,
          deletedAt: true,
          industry: true,
          province: true,
        },
      },
    },
  });
}

/**
 * Comments as "discussion" documents (id comment-<id>): the comment's text under
 * its case's title, only while both are visible. Not in the case kind, so case
 * searches do not see them.
 */
export async function commentSearchDocuments(
  commentIds: string[],
): Promise<{ upserts: SearchDocument[]; deletes: string[] }> {
  const rows = await findInChunks(commentIds, (ids) => commentRows(ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const upserts: SearchDocument[] = [];
  const deletes: string[] = [];
  for (const id of commentIds) {
    const c = byId.get(id);
    if (
      !c ||
      c.deletedAt ||
      c.hiddenAt ||
      c.pendingAt ||
      !c.bodyText ||
      c.case.status !== "published" ||
      c.case.deletedAt
    ) {
      deletes.push(`comment-${id}`);
      continue;
    }
    upserts.push({
      id: `comment-${c.id}`,
      kind: "discussion",
      fields: {
        kind: "discussion",
        slug: c.case.slug,
        caseSlug: c.case.slug,
        title: c.case.title,
        titleEn: c.case.titleEn ?? "",
        body: c.bodyText,
        author: c.author.displayName,
        industry: c.case.industry ?? "",
        province: c.case.province ?? "",
        publishedAt: new Date(c.createdAt).getTime(),
        helpful: c.helpfulCount,
      },
    });
  }
  return { upserts, deletes };
}

/** Resolves outbox doc ids (any kind) into documents to upsert and ids to delete. */
export async function searchDocumentsFor(docIds: string[]) {
  const caseIds = docIds.filter((d) => d.startsWith("case-")).map((d) => d.slice("case-".length));
  const commentIds = docIds.filter((d) => d.startsWith("comment-")).map((d) => d.slice("comment-".length));
  const unknown = docIds.filter((d) => !d.startsWith("case-") && !d.startsWith("comment-"));
  const cases = caseIds.length ? await caseSearchDocuments(caseIds) : { upserts: [], deletes: [] };
  const comments = commentIds.length ? await commentSearchDocuments(commentIds) : { upserts: [], deletes: [] };
  return {
    upserts: [...cases.upserts, ...comments.upserts],
    deletes: [...cases.deletes, ...comments.deletes, ...unknown],
  };
}

/** Ids in pages of `batch`, in id order, from a findMany that takes keyset arguments. */
async function* idPages(
  findPage: (page: {
    orderBy: { id: "asc" };
    take: number;
    cursor?: { id: string };
    skip?: number;
  }) => Promise<Array<{ id: string }>>,
  batch: number,
): AsyncGenerator<string[]> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await findPage({
      orderBy: { id: "asc" },
      take: batch,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) return;
    yield rows.map((r) => r.id);
    cursor = rows[rows.length - 1]!.id;
  }
}

/** Every indexable case id, in pages, for a full rebuild. */
export function allCaseIds(batch = 200): AsyncGenerator<string[]> {
  return idPages(
    (page) =>
      prisma.caseStudy.findMany({ where: { status: "published", deletedAt: null }, select: { id: true }, ...page }),
    batch,
  );
}

export function countIndexableCases(): Promise<number> {
  return prisma.caseStudy.count({ where: { status: "published", deletedAt: null } });
}

/** Every comment that may be a discussion document, in pages, for a full rebuild. */
export function allCommentIds(batch = 500): AsyncGenerator<string[]> {
  return idPages(
    (page) =>
      prisma.comment.findMany({
        where: { deletedAt: null, hiddenAt: null, pendingAt: null, case: { status: "published", deletedAt: null } },
        select: { id: true },
        ...page,
      }),
    batch,
  );
}
