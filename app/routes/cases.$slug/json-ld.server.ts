// JSON-LD (schema.org Article) for a case page, so search engines and other
// sites can read what the case is, who wrote it and for which base. It goes in
// a <script type="application/ld+json"> data block: browsers never run it, so the
// CSP's script-src does not apply (checked in tests/e2e/publicize.test.ts).
import { appOrigin } from "~/utils/env.server.ts";

interface CaseForJsonLd {
  slug: string;
  publishedAt: Date | string | null;
  revisionAt: Date | string;
  author: { username: string; displayName: string };
  base: { slug: string; nameZh: string; nameEn: string } | null;
  topics: Array<{ topic: { nameZh: string; nameEn: string } }>;
  contentLanguage?: string | null;
}

/**
 * The JSON text, safe inside a <script> element: "<", ">" and "&" are escaped as
 * JSON \u escapes (so "</script>" in a title cannot close the element), and so
 * are U+2028/2029.
 */
export function jsonLdText(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export function caseJsonLd(
  c: CaseForJsonLd,
  page: { url: string; title: string; summary: string; locale: string },
): string {
  const origin = appOrigin();
  const en = page.locale === "en";
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : undefined);
  return jsonLdText({
    "@context": "https://schema.org",
    "@type": "Article",
    headline: [...page.title].slice(0, 110).join(""),
    description: page.summary,
    url: page.url,
    mainEntityOfPage: page.url,
    inLanguage: c.contentLanguage ?? "zh-CN",
    datePublished: iso(c.publishedAt),
    dateModified: iso(c.revisionAt),
    author: { "@type": "Person", name: c.author.displayName, url: `${origin}/u/${c.author.username}` },
    ...(c.base
      ? {
          sourceOrganization: {
            "@type": "Organization",
            name: en ? c.base.nameEn : c.base.nameZh,
            url: `${origin}/bases/${c.base.slug}`,
          },
        }
      : {}),
    keywords: c.topics.map(({ topic }) => (en ? topic.nameEn : topic.nameZh)).join(", "),
  });
}
