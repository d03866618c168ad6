import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseCardView } from "~/components/case-card.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { countCases, listCases, toCaseCard } from "~/models/case.server.ts";
import { getTopic, topicName } from "~/models/topic.server.ts";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const topic = params.slug ? await getTopic(params.slug) : null;
  if (!topic) throw new Response("Not found", { status: 404 });
  const cursor = new URL(request.url).searchParams.get("cursor");
  const [page, total] = await Promise.all([listCases({ topic: topic.slug }, { cursor, take: 20 }), countCases({ topic: topic.slug })]);
  const locale = context.locale;
  const name = topicName(topic, locale);
  return {
    topic: { slug: topic.slug, name, description: locale === "en" ? topic.descriptionEn : topic.descriptionZh },
    cases: page.cases.map((c) => toCaseCard(c, locale)),
    nextCursor: page.nextCursor,
    total,
    meta: { title: `${name} · ${tFor(locale)("common:appName")}` },
  };
}

export default function TopicPage() {
  const { topic, cases, nextCursor, total } = useLoaderData<typeof loader>();
  const { t } = useTranslation("cases");
  const [params] = useSearchParams();
  return (
    <>
      <p className="meta">
        <Link to="/cases">{t("list.title")}</Link>
      </p>
      <h1>{topic.name}</h1>
      {topic.description ? <p>{topic.description}</p> : null}
      <p className="meta" role="status">
        {t("list.count", { count: total })}
      </p>
      <div className="case-list">
        {cases.map((c) => (
          <CaseCardView key={c.slug} card={c} />
        ))}
      </div>
      <nav className="pagination" aria-label={t("common:pagination.label")}>
        {params.get("cursor") ? <Link to=".">{t("list.first")}</Link> : null}
        {nextCursor ? <Link to={`?cursor=${nextCursor}`}>{t("common:pagination.next")}</Link> : null}
      </nav>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }, { name: "description", content: data?.topic.description }];
