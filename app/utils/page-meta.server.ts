// Builds a public page's PublicMeta in its loader (page-meta.ts): the absolute
// URL from APP_ORIGIN (never the request's Host header), without ?lang= and
// without parameters that only move within the page.
import type { Locale } from "~/i18n/config.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { appOrigin } from "./env.server.ts";
import { pageTitle, type PublicMeta } from "./page-meta.ts";

/** Query parameters that never make a different page (language, tracking, discussion position). */
const DROPPED = new Set(["lang", "published", "translated", "utm_source", "utm_medium", "utm_campaign", "cursor"]);

export function publicUrl(request: Request): string {
  const u = new URL(request.url);
  const out = new URL(u.pathname, `${appOrigin()}/`);
  for (const [k, v] of u.searchParams) if (!DROPPED.has(k) && v) out.searchParams.append(k, v);
  return out.toString();
}

export function buildPublicMeta(
  request: Request,
  locale: Locale,
  page: {
    /** The page's heading; null for the home page (the site name alone). */
    heading: string | null;
    description: string;
    image?: string | null;
    imageAlt?: string | null;
    type?: "website" | "article";
  },
): PublicMeta {
  const siteName = tFor(locale)("common:appName");
  return {
    title: pageTitle(page.heading, siteName),
    heading: page.heading ?? siteName,
    description: page.description,
    siteName,
    locale,
    url: publicUrl(request),
    langInUrl: new URL(request.url).searchParams.has("lang"),
    image: page.image ?? null,
    imageAlt: page.imageAlt ?? null,
    type: page.type ?? "website",
  };
}
