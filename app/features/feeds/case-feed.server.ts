// One Atom feed of new cases (app/utils/atom.server.ts writes the XML) for the
// three feed routes: every case, a topic's, a base's. Titles and summaries in
// the reader's language (cookie, Accept-Language or ?lang=), with the original
// where no translation exists; absolute URLs from APP_ORIGIN; ids are tag: URIs
// built from database ids, so a renamed case stays the same entry in readers.
import type { Locale } from "~/i18n/config.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import type { FeedCase } from "~/models/publicize.server.ts";
import { atomXml, xmlResponse } from "~/utils/atom.server.ts";
import { appOrigin } from "~/utils/env.server.ts";

/** tag: URIs (RFC 4151) under the site's host name. */
export function tagUri(specific: string): string {
  return `tag:${new URL(appOrigin()).hostname},2026:${specific}`;
}

export function caseFeedResponse(opts: {
  locale: Locale;
  feedId: string;
  selfPath: string;
  pagePath: string;
  title: string;
  subtitle?: string;
  cases: FeedCase[];
}): Response {
  const origin = appOrigin();
  const en = opts.locale === "en";
  const t = tFor(opts.locale);
  const xml = atomXml({
    id: tagUri(opts.feedId),
    title: opts.title,
    subtitle: opts.subtitle,
    selfUrl: `${origin}${opts.selfPath}`,
    pageUrl: `${origin}${opts.pagePath}`,
    lang: opts.locale,
    authorName: t("common:appName"),
    emptyUpdated: new Date(0),
    entries: opts.cases.map((c) => ({
      id: tagUri(`case:${c.id}`),
      title: en && c.titleEn ? c.titleEn : c.title,
      url: `${origin}/cases/${encodeURIComponent(c.slug)}`,
      updated: c.updatedAt,
      published: c.publishedAt,
      summary: [c.base ? (en ? c.base.nameEn : c.base.nameZh) : null, en && c.summaryEn ? c.summaryEn : c.summary]
        .filter(Boolean)
        .join(en ? ": " : "："),
      author: { name: c.author.displayName, uri: c.author.username ? `${origin}/u/${c.author.username}` : undefined },
      categories: c.topics.map((tp) => (en ? tp.nameEn : tp.nameZh)),
    })),
  });
  const res = xmlResponse(xml, "application/atom+xml");
  res.headers.set("Vary", "Accept-Language, Cookie");
  res.headers.set("Content-Language", opts.locale);
  return res;
}
