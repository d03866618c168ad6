// GET /bases/:slug/atom — Atom feed of a base's newest published cases.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseFeedResponse } from "~/features/feeds/case-feed.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { baseRef, feedCases } from "~/models/publicize.server.ts";

export async function loader({ context, params }: LoaderFunctionArgs) {
  const base = await baseRef(params.slug ?? "");
  if (!base) throw new Response("Not found", { status: 404 });
  const t = tFor(context.locale);
  const name = context.locale === "en" ? base.nameEn : base.nameZh;
  return caseFeedResponse({
    locale: context.locale,
    feedId: `base:${base.id}`,
    selfPath: `/bases/${base.slug}/atom`,
    pagePath: `/bases/${base.slug}`,
    title: t("feeds:baseTitle", { base: name }),
    cases: await feedCases({ baseId: base.id }),
  });
}
