import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseCardView } from "~/components/case-card.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { baseName } from "~/models/base.server.ts";
import { countCases, listCases, toCaseCard } from "~/models/case.server.ts";
import { INDUSTRIES, isIndustry } from "~/models/industry.ts";
import { PROVINCES, isProvince } from "~/models/province.ts";
import { listTopics, topicName } from "~/models/topic.server.ts";
import { prisma } from "~/utils/db.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = (name: string) => url.searchParams.get(name)?.slice(0, 80) || undefined;
  const industry = q("industry");
  const province = q("province");
  const filters = {
    topic: q("topic"),
    industry: isIndustry(industry) ? industry : undefined,
    province: isProvince(province) ? province : undefined,
    base: q("base"),
  };
  const locale = context.locale;
  const [page, total, topics, base] = await Promise.all([
    listCases(filters, { cursor: q("cursor") ?? null, take: 20 }),
    countCases(filters),
    listTopics(),
    filters.base
      ? prisma.base.findUnique({ where: { slug: filters.base }, select: { slug: true, nameZh: true, nameEn: true } })
      : null,
  ]);
  return {
    cases: page.cases.map((c) => toCaseCard(c, locale)),
    nextCursor: page.nextCursor,
    total,
    filters,
    topics: topics.map((t) => ({ slug: t.slug, name: topicName(t, locale) })),
    baseFilter: base ? { slug: base.slug, name: baseName(base, locale) } : null,
    meta: {
      title: `${tFor(locale)("cases:list.title")} · ${tFor(locale)("common:appName")}`,
      description: tFor(locale)("cases:list.description"),
    },
  };
}

export default function CasesPage() {
  const { cases, nextCursor, total, filters, topics, baseFilter } = useLoaderData<typeof loader>();
  const { t } = useTranslation("cases");
  const [params] = useSearchParams();
  const next = new URLSearchParams(params);
  if (nextCursor) next.set("cursor", nextCursor);
  return (
    <>
      <div className="page-head">
        <h1>{t("list.title")}</h1>
        <Link to="/cases/new" className="button">
          {t("list.new")}
        </Link>
      </div>
      <Form method="get" className="filters" aria-label={t("list.filters")}>
        <div className="field">
          <label htmlFor="f-topic">{t("list.topic")}</label>
          <select id="f-topic" name="topic" defaultValue={filters.topic ?? ""}>
            <option value="">{t("list.all")}</option>
            {topics.map((tp) => (
              <option key={tp.slug} value={tp.slug}>
                {tp.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-industry">{t("list.industry")}</label>
          <select id="f-industry" name="industry" defaultValue={filters.industry ?? ""}>
            <option value="">{t("list.all")}</option>
            {INDUSTRIES.map((i) => (
              <option key={i} value={i}>
                {t(`bases:industries.${i}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-province">{t("list.province")}</label>
          <select id="f-province" name="province" defaultValue={filters.province ?? ""}>
            <option value="">{t("list.all")}</option>
            {PROVINCES.map((p) => (
              <option key={p} value={p}>
                {t(`bases:provinces.${p}`)}
              </option>
            ))}
          </select>
        </div>
        {baseFilter ? <input type="hidden" name="base" value={baseFilter.slug} /> : null}
        <button type="submit">{t("list.apply")}</button>
      </Form>
      {baseFilter ? (
        <p className="meta">
          {t("list.baseFilter", { base: baseFilter.name })} <Link to="/cases">{t("list.clear")}</Link>
        </p>
      ) : null}
      <p className="meta" role="status">
        {t("list.count", { count: total })}
      </p>
      {cases.length === 0 ? <p>{t("list.empty")}</p> : null}
      <div className="case-list">
        {cases.map((c) => (
          <CaseCardView key={c.slug} card={c} />
        ))}
      </div>
      <nav className="pagination" aria-label={t("common:pagination.label")}>
        {params.get("cursor") ? (
          <Link to={`?${new URLSearchParams([...params].filter(([k]) => k !== "cursor"))}`}>{t("list.first")}</Link>
        ) : null}
        {nextCursor ? <Link to={`?${next}`}>{t("common:pagination.next")}</Link> : null}
      </nav>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title },
  { name: "description", content: data?.meta.description },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/atom/cases", title: data?.meta.title },
];
