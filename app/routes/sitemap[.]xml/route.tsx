// GET /sitemap.xml — every public page with the time its content last changed
// (app/models/publicize.server.ts), absolute URLs from APP_ORIGIN.
import { sitemapRows } from "~/models/publicize.server.ts";
import { SITEMAP_MAX_URLS, sitemapXml, xmlResponse } from "~/utils/atom.server.ts";
import { appOrigin } from "~/utils/env.server.ts";

export async function loader() {
  const origin = appOrigin();
  const rows = await sitemapRows(SITEMAP_MAX_URLS);
  return xmlResponse(
    sitemapXml(rows.map((r) => ({ loc: `${origin}${r.path}`, lastmod: r.lastmod }))),
    "application/xml",
    3600,
  );
}
