// Atom 1.0 (RFC 4287) and sitemap XML writers. Every text is escaped for XML and
// stripped of the characters XML 1.0 cannot carry at all (C0 controls other than
// tab/newline/return, lone surrogates, U+FFFE/U+FFFF), so a title pasted with a
// stray control character cannot make the whole feed unreadable. URLs must be
// absolute (built from APP_ORIGIN by the caller).

const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

export interface AtomEntry {
  /** A permanent IRI (e.g. a tag: URI): it must not change when the title or slug does. */
  id: string;
  title: string;
  url: string;
  updated: Date;
  published?: Date | null;
  summary?: string;
  author: { name: string; uri?: string };
  categories?: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** The feed's own address (rel="self") and the page it stands for (rel="alternate"). */
  selfUrl: string;
  pageUrl: string;
  lang: string;
  /** Used as the feed's author (entries carry their own as well). */
  authorName: string;
  entries: AtomEntry[];
  /** When there are no entries (a new topic): the feed's updated date. */
  emptyUpdated: Date;
}

export function atomXml(feed: AtomFeed): string {
  const updated = feed.entries.reduce((max, e) => (e.updated > max ? e.updated : max), new Date(0));
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlEscape(feed.lang)}">`,
    `  <id>${xmlEscape(feed.id)}</id>`,
    `  <title>${xmlEscape(feed.title)}</title>`,
    ...(feed.subtitle ? [`  <subtitle>${xmlEscape(feed.subtitle)}</subtitle>`] : []),
    `  <updated>${iso(feed.entries.length ? updated : feed.emptyUpdated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(feed.pageUrl)}"/>`,
    `  <author><name>${xmlEscape(feed.authorName)}</name></author>`,
  ];
  for (const e of feed.entries) {
    lines.push(
      `  <entry>`,
      `    <id>${xmlEscape(e.id)}</id>`,
      `    <title>${xmlEscape(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlEscape(e.url)}"/>`,
      `    <updated>${iso(e.updated)}</updated>`,
      ...(e.published ? [`    <published>${iso(e.published)}</published>`] : []),
      `    <author><name>${xmlEscape(e.author.name)}</name>${e.author.uri ? `<uri>${xmlEscape(e.author.uri)}</uri>` : ""}</author>`,
      ...(e.categories ?? []).map((c) => `    <category term="${xmlEscape(c)}"/>`),
      ...(e.summary ? [`    <summary type="text">${xmlEscape(e.summary)}</summary>`] : []),
      `  </entry>`,
    );
  }
  lines.push(`</feed>`, ``);
  return lines.join("\n");
}

export interface SitemapUrl {
  loc: string;
  lastmod?: Date | null;
}

/** A sitemap (sitemaps.org 0.9); at most 50,000 URLs per file, which the caller keeps to. */
export function sitemapXml(urls: SitemapUrl[]): string {
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`,
  ];
  for (const u of urls) {
    out.push(`<url><loc>${xmlEscape(u.loc)}</loc>${u.lastmod ? `<lastmod>${iso(u.lastmod)}</lastmod>` : ""}</url>`);
  }
  out.push(`</urlset>`, ``);
  return out.join("\n");
}

export const SITEMAP_MAX_URLS = 50_000;

export function xmlResponse(body: string, contentType: string, maxAgeSeconds = 300): Response {
  return new Response(body, {
    headers: {
      "Content-Type": `${contentType}; charset=utf-8`,
      "Cache-Control": `public, max-age=${maxAgeSeconds}`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
