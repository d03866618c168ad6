// The base directory: filters by industry and province as a plain GET form, so
// the URL holds the state and the page works without JavaScript.
import { buildPublicMeta } from "~/utils/page-meta.server.ts";
import { publicMeta } from "~/utils/page-meta.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BaseCardView } from "~/components/base-card.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { INDUSTRIES, isIndustry } from "~/models/industry.ts";
import { PROVINCES, isProvince } from "~/models/province.ts";
import { baseFacets, listBases } from "~/models/base.server.ts";
import { Pager } from "~/components/pager.tsx";
import { CodeSelect } from "~/components/code-select.tsx";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const industryParam = url.searchParams.get("industry");
  const provinceParam = url.searchParams.get("province");
  const industry = isIndustry(industryParam) ? industryParam : null;
  const province = isProvince(provinceParam) ? provinceParam : null;
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10);
  const [result, facets] = await Promise.all([
    listBases({ industry, province, page: Number.isFinite(page) ? page : 1 }),
    baseFacets({ industry, province }),
  ]);
  const t = tFor(context.locale);
  return {
    ...result,
    facets,
    industry,
    province,
    meta: buildPublicMeta(request, context.locale, {
      heading: t("bases:directory.title"),
      description: t("bases:directory.intro"),
    }),
  };
}

export default function BasesDirectory() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const { t } = useTranslation("bases");
  const { bases, total, page, pages, industry, province, facets } = data;
  const withCount = (label: string, count: number | undefined) =>
    t("directory.optionCount", { label, count: count ?? 0 });
  const filtered = Boolean(industry || province);
  return (
    <>
      <h1>{t("directory.title")}</h1>
      <p className="meta">{t("directory.intro")}</p>
      <Form method="get" className="filters" role="search" aria-label={t("directory.filtersLabel")}>
        <CodeSelect
          id="filter-industry"
          name="industry"
          label={t("directory.industry")}
          codes={INDUSTRIES}
          value={industry}
          anyLabel={t("directory.allIndustries")}
          optionLabel={(code) => withCount(t(`industries.${code}`), facets.industries[code])}
        />
        <CodeSelect
          id="filter-province"
          name="province"
          label={t("directory.province")}
          codes={PROVINCES}
          value={province}
          anyLabel={t("directory.allProvinces")}
          optionLabel={(code) => withCount(t(`provinces.${code}`), facets.provinces[code])}
        />
        <div className="actions">
          <button type="submit">{t("directory.apply")}</button>
          {filtered ? (
            <Link to="/bases" className="button button-secondary">
              {t("directory.clear")}
            </Link>
          ) : null}
        </div>
      </Form>
      <p role="status" className="result-count">
        {t("directory.count", { count: total })}
      </p>
      <h2 id="base-results" className="sr-only">
        {t("directory.resultsLabel")}
      </h2>
      {bases.length ? (
        <ul className="grid plain-list" aria-labelledby="base-results">
          {bases.map((b) => (
            <li key={b.id}>
              <BaseCardView base={b} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("directory.empty")}</p>
      )}
      <Pager page={page} pages={pages} search={location.search} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => publicMeta(data?.meta);
