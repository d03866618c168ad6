// Page titles and the meta of public pages, one way for every route (issue 12.2/12.3):
// every title ends with the site name; public pages carry a self-referencing
// canonical URL (with ?lang= when the address has it; the language-negotiated
// address is the x-default and names itself, since a canonical that points at
// one language's alternate would take the x-default out of the index),
// <link rel="alternate" hreflang> for both
// languages and x-default, and og:* / twitter:* for link previews (WeChat, Slack,
// mail clients read og:*). The loader builds a PublicMeta (page-meta.server.ts);
// the route's `meta` export turns it into descriptors with publicMeta().
import type { MetaDescriptor, MetaFunction } from "@remix-run/node";
import { LOCALES, type Locale } from "~/i18n/config.ts";

export const TITLE_SEPARATOR = " · ";

/** "Page · Site", or the site name alone; never the site name twice. */
export function pageTitle(title: string | null | undefined, siteName: string): string {
  const page = (title ?? "").trim();
  if (!page || page === siteName) return siteName;
  return page.endsWith(`${TITLE_SEPARATOR}${siteName}`) ? page : `${page}${TITLE_SEPARATOR}${siteName}`;
}

export interface PublicMeta {
  /** The full <title> (already ending with the site name). */
  title: string;
  /** The page's own heading, for og:title. */
  heading: string;
  description: string;
  siteName: string;
  locale: Locale;
  /** Absolute URL without ?lang= (the x-default). */
  url: string;
  /** Whether the address asked for a language with ?lang= (then it is that language's alternate). */
  langInUrl?: boolean;
  /** Absolute URL of a preview image; absent: a text-only "summary" card. */
  image?: string | null;
  imageAlt?: string | null;
  type?: "website" | "article";
}

/** The URL with the language set, keeping its other query parameters. */
export function withLang(url: string, locale: Locale): string {
  const u = new URL(url);
  u.searchParams.set("lang", locale);
  return u.toString();
}

const OG_LOCALE: Record<Locale, string> = { "zh-CN": "zh_CN", en: "en_US" };

export function publicMeta(m: PublicMeta | null | undefined): MetaDescriptor[] {
  if (!m) return [];
  const canonical = m.langInUrl === false ? m.url : withLang(m.url, m.locale);
  const other = LOCALES.filter((l) => l !== m.locale);
  return [
    { title: m.title },
    { name: "description", content: m.description },
    { tagName: "link", rel: "canonical", href: canonical },
    ...LOCALES.map((l) => ({ tagName: "link", rel: "alternate", hrefLang: l, href: withLang(m.url, l) })),
    { tagName: "link", rel: "alternate", hrefLang: "x-default", href: m.url },
    { property: "og:type", content: m.type ?? "website" },
    { property: "og:title", content: m.heading },
    { property: "og:description", content: m.description },
    { property: "og:url", content: canonical },
    { property: "og:site_name", content: m.siteName },
    { property: "og:locale", content: OG_LOCALE[m.locale] },
    ...other.map((l) => ({ property: "og:locale:alternate", content: OG_LOCALE[l] })),
    ...(m.image
      ? [
          { property: "og:image", content: m.image },
          { property: "og:image:width", content: "1200" },
          { property: "og:image:height", content: "630" },
          ...(m.imageAlt ? [{ property: "og:image:alt", content: m.imageAlt }] : []),
        ]
      : []),
    { name: "twitter:card", content: m.image ? "summary_large_image" : "summary" },
    { name: "twitter:title", content: m.heading },
    { name: "twitter:description", content: m.description },
    ...(m.image ? [{ name: "twitter:image", content: m.image }] : []),
  ];
}

/**
 * The meta of a route with its own error boundary. When that boundary renders, Remix still
 * takes the <title> from this route's meta, without its data: the page had an empty title
 * (axe's document-title, stop 24's CI). Then the root's meta stands, which names the error.
 */
export function routeMeta<Loader>(meta: MetaFunction<Loader>): MetaFunction<Loader> {
  return (args) => (args.error ? (args.matches[0]?.meta ?? []) : meta(args));
}
