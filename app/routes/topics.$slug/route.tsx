import { AppLink } from "~/components/app-link.tsx";
import { buildPublicMeta } from "~/utils/page-meta.server.ts";
import { publicMeta } from "~/utils/page-meta.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseCardList } from "~/components/case-card.tsx";
import { FollowButton } from "~/components/follow-button.tsx";
import { listCases, toCaseCard } from "~/models/case.server.ts";
import { getTopic, topicName } from "~/models/topic.server.ts";
import { inMarkupOnly } from "~/utils/markup-once.ts";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  // The topic and whether the member follows it: one statement (ADR 082).
  const topic = params.slug ? await getTopic(params.slug, context.user?.id) : null;
  if (!topic) throw new Response("Not found", { status: 404 });
  const cursor = new URL(request.url).searchParams.get("cursor");
  const page = await listCases({ topic: topic.slug }, { cursor, take: 20 });
  const following = topic.viewerFollows ?? false;
  const locale = context.locale;
  const name = topicName(topic, locale);
  // The cards travel in the markup only (ADR 072): a document's data leaves them out.
  return inMarkupOnly(
    {
      topic: {
        id: topic.id,
        slug: topic.slug,
        name,
        description: locale === "en" ? topic.descriptionEn : topic.descriptionZh,
      },
      follow: { following, signedIn: Boolean(context.user) },
      cases: page.cases.map((c) => toCaseCard(c, locale)),
      nextCursor: page.nextCursor,
      total: page.total,
      meta: buildPublicMeta(request, locale, {
        heading: name,
        description: (locale === "en" ? topic.descriptionEn : topic.descriptionZh) || name,
      }),
    },
    ["cases"],
    context.document,
  );
}

export default function TopicPage() {
  const { topic, cases, nextCursor, total, follow } = useLoaderData<typeof loader>();
  const { t } = useTranslation("cases");
  const [params] = useSearchParams();
  return (
    <>
      <p className="meta">
        <AppLink to="/cases">{t("list.title")}</AppLink>
      </p>
      <div className="title-row">
        <h1>{topic.name}</h1>
        <FollowButton targetType="topic" targetId={topic.id} following={follow.following} signedIn={follow.signedIn} />
      </div>
      {topic.description ? <p>{topic.description}</p> : null}
      <p className="meta" role="status">
        {t("list.count", { count: total })}
      </p>
      <CaseCardList cards={cases} id="topic-cases" />
      <nav className="pagination" aria-label={t("common:pagination.label")}>
        {params.get("cursor") ? <AppLink to=".">{t("list.first")}</AppLink> : null}
        {nextCursor ? <AppLink to={`?cursor=${nextCursor}`}>{t("common:pagination.next")}</AppLink> : null}
      </nav>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  ...publicMeta(data?.meta),
  ...(data
    ? [
        {
          tagName: "link",
          rel: "alternate",
          type: "application/atom+xml",
          href: `/topics/${data.topic.slug}/atom`,
          title: data.meta.title,
        },
      ]
    : []),
];
