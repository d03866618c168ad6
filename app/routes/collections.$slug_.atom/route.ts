// GET /collections/:slug/atom — Atom feed of a published typical-case collection's cases.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseFeedResponse } from "~/features/feeds/case-feed.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { collectionTitle, getCollection } from "~/models/collection.server.ts";
import { feedCases } from "~/models/publicize.server.ts";

export async function loader({ context, params }: LoaderFunctionArgs) {
  const c = params.slug ? await getCollection(params.slug) : null;
  if (!c || c.status !== "published") throw new Response("Not found", { status: 404 });
  const t = tFor(context.locale);
  return caseFeedResponse({
    locale: context.locale,
    feedId: `collection:${c.id}`,
    selfPath: `/collections/${c.slug}/atom`,
    pagePath: `/collections/${c.slug}`,
    title: t("collections:feedTitle", { title: collectionTitle(c, context.locale) }),
    cases: await feedCases({ collectionId: c.id }),
  });
}
