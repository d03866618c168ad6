// Bases (national foreign trade transformation and upgrading bases): the
// directory's reads and the only writer of Base rows.
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import type { Locale } from "~/i18n/config.ts";

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

export function featuredBases(take = 6): Promise<BaseCard[]> {
  return prisma.base.findMany({ select: baseCardSelect, orderBy: { createdAt: "asc" }, take });
}

export function countBases(): Promise<number> {
  return prisma.base.count();
}
