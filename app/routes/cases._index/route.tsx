import { AppLink } from "~/components/app-link.tsx";
import { buildPublicMeta } from "~/utils/page-meta.server.ts";
import { publicMeta } from "~/utils/page-meta.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseCardList } from "~/components/case-card.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { baseName, baseNamesBySlug } from "~/models/base.server.ts";
import { listCases, toCaseCard } from "~/models/case.server.ts";
import { CASE_SORTS, isCaseSort } from "~/models/case-sort.ts";
import { Pager } from "~/components/pager.tsx";
import { isLocale } from "~/i18n/config.ts";
import { INDUSTRIES, isIndustry } from "~/models/industry.ts";
import { PROVINCES, isProvince } from "~/models/province.ts";
import { listTopics, topicName } from "~/models/topic.server.ts";
import { CodeSelect } from "~/components/code-select.tsx";
import { inMarkupOnly } from "~/utils/markup-once.ts";

const PER_PAGE = 20;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = (name: string) => url.searchParams.get(name)?.slice(0, 80) || undefined;
  const industry = q("industry");
  const province = q("province");
  const available = q("available");
  const sortParam = q("sort");
  const filters = {
    topic: q("topic"),
    industry: isIndustry(industry) ? industry : undefined,
    province: isProvince(province) ? province : undefined,
    base: q("base"),
    // "available=en": only cases an English reader can read (written in or translated into English).
    inLanguage: isLocale(available) ? available : undefined,
  };
  const sort = isCaseSort(sortParam) ? sortParam : "newest";
  // Numbered pages (issue 12.12): a page that does not exist is a 404, never silently page 1.
  const pageParam = url.searchParams.get("page");
  const pageNumber = pageParam === null ? 1 : /^[1-9]\d{0,5}$/.test(pageParam) ? Number(pageParam) : NaN;
  if (!Number.isFinite(pageNumber)) throw new Response("Not found", { status: 404 });
  const locale = context.locale;
  const [page, topics, base] = await Promise.all([
    listCases(filters, { take: PER_PAGE, sort, offset: (pageNumber - 1) * PER_PAGE }),
    listTopics(),
    filters.base ? baseNamesBySlug(filters.base) : null,
  ]);
  const total = page.total;
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  if (pageNumber > pages) throw new Response("Not found", { status: 404 });
  const t = tFor(locale);
  // The cards travel in the markup only (ADR 072): a document's data leaves them out.
  return inMarkupOnly(
    {
      cases: page.cases.map((c) => toCaseCard(c, locale)),
      total,
      page: pageNumber,
      pages,
      perPage: PER_PAGE,
      sort,
      filters,
      topics: topics.map((tp) => ({ slug: tp.slug, name: topicName(tp, locale) })),
      baseFilter: base ? { slug: base.slug, name: baseName(base, locale) } : null,
      meta: buildPublicMeta(request, locale, {
        heading:
          pageNumber > 1
            ? t("browse:pageOf", { title: t("cases:list.title"), page: pageNumber })
            : t("cases:list.title"),
        description: t("cases:list.description"),
      }),
    },
    ["cases"],
    context.document,
  );
}

export default function CasesPage() {
  const { cases, total, page, pages, perPage, sort, filters, topics, baseFilter } = useLoaderData<typeof loader>();
  const { t } = useTranslation("cases");
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-head">
        <h1>{t("list.title")}</h1>
        <AppLink to="/cases/new" className="button">
          {t("list.new")}
        </AppLink>
      </div>
      <Form method="get" className="filters" aria-label={t("list.filters")}>
        <div className="field">
          <label htmlFor="f-topic">{t("list.topic")}</label>
          <select id="f-topic" name="topic" defaultValue={filters.topic ?? ""} key={filters.topic ?? ""}>
            <option value="">{t("list.all")}</option>
            {topics.map((tp) => (
              <option key={tp.slug} value={tp.slug}>
                {tp.name}
              </option>
            ))}
          </select>
        </div>
        <CodeSelect
          id="f-industry"
          name="industry"
          label={t("list.industry")}
          codes={INDUSTRIES}
          value={filters.industry}
          anyLabel={t("list.all")}
          optionLabel={(i) => t(`bases:industries.${i}`)}
        />
        <CodeSelect
          id="f-province"
          name="province"
          label={t("list.province")}
          codes={PROVINCES}
          value={filters.province}
          anyLabel={t("list.all")}
          optionLabel={(p) => t(`bases:provinces.${p}`)}
        />
        <div className="field">
          <label htmlFor="f-available">{t("browse:available")}</label>
          <select
            id="f-available"
            name="available"
            defaultValue={filters.inLanguage ?? ""}
            key={filters.inLanguage ?? ""}
          >
            <option value="">{t("browse:availableAny")}</option>
            <option value="en">{t("browse:availableEn")}</option>
            <option value="zh-CN">{t("browse:availableZh")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-sort">{t("browse:sort")}</label>
          <select id="f-sort" name="sort" defaultValue={sort} key={sort}>
            {CASE_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`browse:sorts.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {baseFilter ? <input type="hidden" name="base" value={baseFilter.slug} /> : null}
        <button type="submit">{t("list.apply")}</button>
      </Form>
      {baseFilter ? (
        <p className="meta">
          {t("list.baseFilter", { base: baseFilter.name })} <AppLink to="/cases">{t("list.clear")}</AppLink>
        </p>
      ) : null}
      <p className="meta" role="status">
        {pages > 1
          ? t("browse:countPaged", {
              count: total,
              from: (page - 1) * perPage + 1,
              to: Math.min(page * perPage, total),
            })
          : t("list.count", { count: total })}
      </p>
      {total === 0 ? <p>{t("list.empty")}</p> : null}
      <CaseCardList cards={cases} id="case-list" />
      <Pager page={page} pages={pages} search={params.toString()} numbered />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  ...publicMeta(data?.meta),
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/atom/cases", title: data?.meta.title },
];
