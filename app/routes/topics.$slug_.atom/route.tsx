// GET /topics/:slug/atom — Atom feed of a topic's newest published cases.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseFeedResponse } from "~/features/feeds/case-feed.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { feedCases, topicRef } from "~/models/publicize.server.ts";

export async function loader({ context, params }: LoaderFunctionArgs) {
  const topic = await topicRef(params.slug ?? "");
  if (!topic) throw new Response("Not found", { status: 404 });
  const t = tFor(context.locale);
  const name = context.locale === "en" ? topic.nameEn : topic.nameZh;
  return caseFeedResponse({
    locale: context.locale,
    feedId: `topic:${topic.id}`,
    selfPath: `/topics/${topic.slug}/atom`,
    pagePath: `/topics/${topic.slug}`,
    title: t("feeds:topicTitle", { topic: name }),
    cases: await feedCases({ topicId: topic.id }),
  });
}
