// /cases/:slug/og.png — the case's link-preview image (issue 12.2), in the
// reader's language (?lang=), only for cases anyone may read. Rendered once per
// case version and language and kept in a small in-process cache; browsers and
// link crawlers may keep it a day.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { tFor } from "~/i18n/i18n.server.ts";
import { baseName } from "~/models/base.server.ts";
import { caseTextFor, findCaseBySlug } from "~/models/case.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { renderOgPng } from "./og-image.server.ts";

const cache = new Map<string, Buffer>();
const CACHE_MAX = 200;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = params.slug ? await findCaseBySlug(params.slug) : null;
  if (!found) throw new Response("Not found", { status: 404 });
  const c = await prisma.caseStudy.findUnique({
    where: { id: found.id },
    select: {
      status: true,
      deletedAt: true,
      updatedAt: true,
      title: true,
      titleEn: true,
      summary: true,
      summaryEn: true,
      contentLanguage: true,
      translations: { select: { locale: true, title: true, summary: true } },
      base: { select: { nameZh: true, nameEn: true } },
    },
  });
  if (!c || c.status !== "published" || c.deletedAt) throw new Response("Not found", { status: 404 });
  const locale = context.locale;
  const key = `${found.id}:${new Date(c.updatedAt).getTime()}:${locale}`;
  let png = cache.get(key);
  if (!png) {
    const text = caseTextFor(c, locale);
    png = (
      await renderOgPng({
        title: text.title,
        siteName: tFor(locale)("common:appName"),
        baseName: c.base ? baseName(c.base, locale) : null,
      })
    ).png;
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(key, png);
  }
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Length": String(png.length),
      "Cache-Control": "public, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
