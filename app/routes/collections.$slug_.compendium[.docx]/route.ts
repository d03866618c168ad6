// GET /collections/:slug/compendium.docx — the Word compendium of a collection
// for ministry staff to edit in Word/WPS (export:compendium:any). In the reader's
// language (?lang=en|zh-CN overrides): English chapters use the cases' English
// versions where they exist.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server.ts";
import { isLocale } from "~/i18n/config.ts";
import { collectionTitle, compendiumCases, getCollection } from "~/models/collection.server.ts";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "export:compendium:any");
  const c = params.slug ? await getCollection(params.slug) : null;
  if (!c) throw new Response("Not found", { status: 404 });
  const lang = new URL(request.url).searchParams.get("lang");
  const locale = isLocale(lang) ? lang : context.locale;
  const en = locale === "en";
  // docx and sharp load with the first compendium, not with the server (issue 15.4).
  const { buildCompendiumDocx } = await import("~/features/collections/compendium.server.ts");
  const body = await buildCompendiumDocx({
    title: collectionTitle(c, locale),
    introduction: JSON.parse(en && c.introductionEn ? c.introductionEn : c.introduction),
    publishedAt: c.publishedAt,
    slug: c.slug,
    cases: await compendiumCases(c.id, locale),
    locale,
  });
  const name = `${collectionTitle(c, locale)}.docx`;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename="${c.slug}.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
