// Bases (national foreign trade transformation and upgrading bases): the
// directory's reads and the only writer of Base rows.
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import type { Locale } from "~/i18n/config.ts";
import type { Industry } from "./industry.ts";
import type { Province } from "./province.ts";
import { readStatement } from "~/utils/db-read.server.ts";

type Tx = Prisma.TransactionClient | typeof prisma;

export const BASES_PER_PAGE = 24;

export const baseCardSelect = {
  id: true,
  slug: true,
  nameZh: true,
  nameEn: true,
  industry: true,
  province: true,
  cityZh: true,
  cityEn: true,
  isDemo: true,
} as const satisfies Prisma.BaseSelect;

export type BaseCard = Prisma.BaseGetPayload<{ select: typeof baseCardSelect }>;

/** The name to show first in a language; the other is shown as a subtitle. */
export function baseName(base: { nameZh: string; nameEn: string }, locale: Locale): string {
  return locale === "en" ? base.nameEn : base.nameZh;
}

export function cityName(base: { cityZh: string; cityEn: string }, locale: Locale): string {
  return locale === "en" ? base.cityEn : base.cityZh;
}

/**
 * The home page's bases region (read connection, ADR 012: asked on every view): the first
 * `take` bases, oldest first, and how many there are, in one statement (ADR 082). With no
 * base at all there is no row, and the count is 0.
 */
export async function featuredBases(take = 6): Promise<{ bases: BaseCard[]; total: number }> {
  const rows = (await readStatement(
    `SELECT id, slug, nameZh, nameEn, industry, province, cityZh, cityEn, isDemo, (SELECT count(*) FROM Base) AS total
       FROM Base ORDER BY createdAt ASC, id ASC LIMIT ?`,
  ).all(take)) as Array<Omit<BaseCard, "isDemo"> & { isDemo: number; total: number }>;
  return {
    bases: rows.map(({ total: _total, ...r }) => ({ ...r, isDemo: r.isDemo === 1 })),
    total: rows[0]?.total ?? 0,
  };
}

export interface BaseFilters {
  industry?: Industry | null;
  province?: Province | null;
}

/** The directory's filters as SQL: one statement text per combination (four, each prepared once). */
function filterSql(f: BaseFilters): { where: string; args: string[] } {
  const conditions: string[] = [];
  const args: string[] = [];
  if (f.industry) {
    conditions.push("industry = ?");
    args.push(f.industry);
  }
  if (f.province) {
    conditions.push("province = ?");
    args.push(f.province);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(" AND ")}` : "", args };
}

/**
 * One page of the directory plus the total for the filters (two statements on the read
 * connection, ADR 048: through Prisma the directory was the one reader's page that loaded its
 * query compiler, ~35 MiB for the life of the process, issue 15.4).
 */
export async function listBases(filters: BaseFilters & { page?: number; perPage?: number }) {
  const perPage = filters.perPage ?? BASES_PER_PAGE;
  const page = Math.max(1, Math.floor(filters.page ?? 1));
  const { where, args } = filterSql(filters);
  const [rows, count] = await Promise.all([
    readStatement(
      `SELECT id, slug, nameZh, nameEn, industry, province, cityZh, cityEn, isDemo FROM Base ${where}
        ORDER BY province, slug LIMIT ? OFFSET ?`,
    ).all(...args, perPage, (page - 1) * perPage) as Promise<Array<Omit<BaseCard, "isDemo"> & { isDemo: number }>>,
    readStatement(`SELECT count(*) AS n FROM Base ${where}`).get(...args) as Promise<{ n: number }>,
  ]);
  const bases: BaseCard[] = rows.map((r) => ({ ...r, isDemo: r.isDemo === 1 }));
  const total = count.n;
  return { bases, total, page, pages: Math.max(1, Math.ceil(total / perPage)), perPage };
}

/**
 * How many bases each filter value would show, given the other filter: counts
 * for the industry select (within the chosen province) and the province select
 * (within the chosen industry). Two grouped statements on the read connection.
 */
export async function baseFacets(filters: BaseFilters) {
  const byProvinceFilter = filterSql({ province: filters.province });
  const byIndustryFilter = filterSql({ industry: filters.industry });
  const [byIndustry, byProvince] = await Promise.all([
    readStatement(`SELECT industry AS value, count(*) AS n FROM Base ${byProvinceFilter.where} GROUP BY industry`).all(
      ...byProvinceFilter.args,
    ) as Promise<Array<{ value: string; n: number }>>,
    readStatement(`SELECT province AS value, count(*) AS n FROM Base ${byIndustryFilter.where} GROUP BY province`).all(
      ...byIndustryFilter.args,
    ) as Promise<Array<{ value: string; n: number }>>,
  ]);
  return {
    industries: Object.fromEntries(byIndustry.map((r) => [r.value, r.n])) as Record<string, number>,
    provinces: Object.fromEntries(byProvince.map((r) => [r.value, r.n])) as Record<string, number>,
  };
}

/**
 * A base's page: its fields and its verified, not suspended members (first verified
 * first, at most 200), in one statement on the read connection (ADR 048) — and whether any
 * adoption concerns the base (adopted by it, or of its cases), so a base without adoptions
 * costs no statement for them, and with `viewerId` whether that member follows it
 * (ADR 082, as the case page's read does, ADR 079).
 */
export async function getBaseBySlug(slug: string, viewerId?: string) {
  const row = (await readStatement(
    `SELECT b.id, b.slug, b.nameZh, b.nameEn, b.industry, b.province, b.cityZh, b.cityEn, b.isDemo,
            b.descriptionZh, b.descriptionEn,
            (SELECT json_group_array(json_object('id', m.id, 'username', m.username, 'displayName', m.displayName, 'role', m.role))
               FROM (SELECT u.id, u.username, u.displayName, u.role FROM User u
                      WHERE u.baseId = b.id AND u.baseVerifiedAt IS NOT NULL AND u.suspendedAt IS NULL
                      ORDER BY u.baseVerifiedAt, u.id LIMIT 200) m
            ) AS membersJson,
            (EXISTS (SELECT 1 FROM Adoption a WHERE a.baseId = b.id)
              OR EXISTS (SELECT 1 FROM CaseStudy c JOIN Adoption a ON a.caseId = c.id WHERE c.baseId = b.id))
              AS hasAdoptions,
            EXISTS (SELECT 1 FROM Subscription s WHERE s.userId = ? AND s.targetType = 'base' AND s.targetId = b.id)
              AS viewerFollows
       FROM Base b WHERE b.slug = ?`,
  ).get(viewerId ?? "", slug)) as
    | (Omit<BaseCard, "isDemo"> & {
        isDemo: number;
        descriptionZh: string;
        descriptionEn: string;
        membersJson: string;
        hasAdoptions: number;
        viewerFollows: number;
      })
    | undefined;
  if (!row) return null;
  const { membersJson, isDemo, hasAdoptions, viewerFollows, ...base } = row;
  return {
    base: {
      ...base,
      isDemo: isDemo === 1,
      members: JSON.parse(membersJson) as Array<{ id: string; username: string; displayName: string; role: string }>,
    },
    hasAdoptions: hasAdoptions === 1,
    /** Whether the member named follows the base; null when none was named. */
    viewerFollows: viewerId ? viewerFollows === 1 : null,
  };
}

/** A base's names by its slug (the case list's base filter), or null. */
export async function baseNamesBySlug(slug: string) {
  return (
    ((await readStatement("SELECT slug, nameZh, nameEn FROM Base WHERE slug = ?").get(slug)) as
      { slug: string; nameZh: string; nameEn: string } | undefined) ?? null
  );
}

export type BaseDetail = NonNullable<Awaited<ReturnType<typeof getBaseBySlug>>>["base"];

/** Every base still in the registry (not retired), small fields only, for the affiliation picker. */
export function listBaseOptions() {
  return prisma.base.findMany({
    where: { retiredAt: null },
    select: { id: true, slug: true, nameZh: true, nameEn: true, province: true },
    orderBy: [{ province: "asc" }, { slug: "asc" }],
  });
}

export type BaseOption = Awaited<ReturnType<typeof listBaseOptions>>[number];

export interface NewBase {
  /** The registry's code (docs/base-import-format.md). */
  code: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  industry: Industry;
  province: Province;
  cityZh: string;
  cityEn: string;
  descriptionZh?: string;
  descriptionEn?: string;
  isDemo?: boolean;
}

export async function createBases(tx: Tx, bases: NewBase[]): Promise<number> {
  const { count } = await tx.base.createMany({ data: bases });
  return count;
}
