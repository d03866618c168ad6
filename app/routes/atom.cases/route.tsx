// GET /atom/cases — Atom feed of the newest published cases (linked from /cases).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseFeedResponse } from "~/features/feeds/case-feed.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { feedCases } from "~/models/publicize.server.ts";

export async function loader({ context }: LoaderFunctionArgs) {
  const t = tFor(context.locale);
  return caseFeedResponse({
    locale: context.locale,
    feedId: "cases",
    selfPath: "/atom/cases",
    pagePath: "/cases",
    title: t("feeds:allTitle"),
    subtitle: t("feeds:allSubtitle"),
    cases: await feedCases(),
  });
}
