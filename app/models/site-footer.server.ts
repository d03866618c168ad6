// The site footer's configurable parts: the ICP and public-security (公安) filing
// numbers, the contact address and where About / Privacy / Terms point. The
// environment gives the defaults (SITE_ICP_FILING, SITE_POLICE_FILING,
// SITE_CONTACT_EMAIL); an administrator overrides them at /admin/site, stored as
// one SiteSetting row ("footer"). Read on every page (the root loader), so it is
// kept in memory for a short while; a save in this process forgets it at once,
// other processes see it within FOOTER_TTL_MS.
import type { z } from "zod";
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readStatement } from "~/utils/db-read.server.ts";
import { env } from "~/utils/env.server.ts";
import { writeAudit } from "./audit.server.ts";
import { FOOTER_FIELDS, footerOverridesSchema, type FooterSettings } from "./site-footer.ts";

export const FOOTER_KEY = "footer";
const FOOTER_TTL_MS = 30_000;
export function footerDefaults(): FooterSettings {
  const e = env();
  return {
    icp: e.SITE_ICP_FILING ?? "",
    police: e.SITE_POLICE_FILING ?? "",
    contactEmail: e.SITE_CONTACT_EMAIL ?? "",
    aboutUrl: "/about",
    privacyUrl: "/privacy",
    termsUrl: "/terms",
  };
}

/** The stored overrides (only the fields an administrator set). A malformed row counts as none. */
function readOverrides(value: string | undefined): Partial<FooterSettings> {
  if (!value) return {};
  try {
    const parsed = footerOverridesSchema.partial().safeParse(JSON.parse(value));
    if (!parsed.success) return {};
    return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => typeof v === "string" && v !== ""));
  } catch {
    return {};
  }
}

let cache: { at: number; overrides: Partial<FooterSettings> } | null = null;

/** What an administrator set (for the admin form). */
export async function footerOverrides(): Promise<Partial<FooterSettings>> {
  const now = Date.now();
  if (!cache || now - cache.at > FOOTER_TTL_MS) {
    const row = (await readStatement("SELECT value FROM SiteSetting WHERE key = ?").get(FOOTER_KEY)) as
      { value: string } | undefined;
    cache = { at: now, overrides: readOverrides(row?.value) };
  }
  return cache.overrides;
}

/** The footer as shown: each override over its default. */
export async function siteFooter(): Promise<FooterSettings> {
  return { ...footerDefaults(), ...(await footerOverrides()) };
}

/** Saves the administrator's overrides (empty fields fall back to the defaults), audited in the same transaction. */
export async function saveFooterOverrides(
  actorId: string,
  values: z.infer<typeof footerOverridesSchema>,
  tx?: Prisma.TransactionClient,
): Promise<void> {
  const kept = Object.fromEntries(FOOTER_FIELDS.filter((f) => values[f] !== "").map((f) => [f, values[f]]));
  const value = JSON.stringify(kept);
  const write = async (t: Prisma.TransactionClient) => {
    const before = await t.siteSetting.findUnique({ where: { key: FOOTER_KEY }, select: { value: true } });
    await t.siteSetting.upsert({ where: { key: FOOTER_KEY }, create: { key: FOOTER_KEY, value }, update: { value } });
    await writeAudit(t, {
      actorId,
      action: "site.footer",
      targetType: "site",
      targetId: FOOTER_KEY,
      details: { from: before?.value ?? "{}", to: value },
    });
  };
  if (tx) await write(tx);
  else await prisma.$transaction(write);
  cache = null;
}
