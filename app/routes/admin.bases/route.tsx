// /admin/bases — the base registry for admins (issue 11 point 1): search in code,
// names, pinyin and city; filter by province, industry and status (retired bases
// on request); links to add, edit and import.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { Pager } from "~/components/pager.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { listRegistry } from "~/models/base-registry.server.ts";
import { INDUSTRIES, isIndustry } from "~/models/industry.ts";
import { isProvince, PROVINCES } from "~/models/province.ts";
import { formatNumber } from "~/utils/format.ts";
import { CodeSelect } from "~/components/code-select.tsx";

const STATUSES = ["active", "retired", "all"] as const;
type Status = (typeof STATUSES)[number];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "manage:base:any");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.slice(0, 100) ?? "";
  const industry = url.searchParams.get("industry");
  const province = url.searchParams.get("province");
  const statusParam = url.searchParams.get("status");
  const status: Status = (STATUSES as readonly string[]).includes(statusParam ?? "")
    ? (statusParam as Status)
    : "active";
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1;
  const list = await listRegistry({
    q,
    industry: isIndustry(industry) ? industry : null,
    province: isProvince(province) ? province : null,
    status,
    page,
  });
  const t = tFor(context.locale);
  return {
    ...list,
    bases: list.bases.map(({ _count, ...b }) => ({ ...b, cases: _count.cases })),
    filters: {
      q,
      industry: isIndustry(industry) ? industry : "",
      province: isProvince(province) ? province : "",
      status,
    },
    meta: { title: `${t("registry:title")} · ${t("appName")}` },
  };
}

export default function AdminBases() {
  const { bases, total, page, pages, filters } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("registry");
  const location = useLocation();
  const [params] = useSearchParams();
  const en = i18n.language === "en";
  const done = params.get("done");
  const imported = params.get("imported");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="meta">{t("intro")}</p>
      {done && ["created", "saved", "retired", "unretired"].includes(done) ? (
        <p className="notice" role="status">
          {t(done === "retired" ? "retiredNotice" : done === "unretired" ? "unretiredNotice" : done)}
        </p>
      ) : null}
      {imported ? (
        <p className="notice" role="status">
          {(() => {
            const [created = "0", updated = "0", unchanged = "0"] = imported.split(".");
            return t("imported", { created, updated, unchanged });
          })()}
        </p>
      ) : null}
      <p>
        <Link to="/admin/bases/new" className="button">
          {t("new")}
        </Link>{" "}
        <Link to="/admin/bases/import" className="button button-secondary">
          {t("import")}
        </Link>
      </p>
      <Form method="get" role="search" className="filters" aria-label={t("search")}>
        <div className="field">
          <label htmlFor="registry-q">{t("search")}</label>
          <input
            id="registry-q"
            name="q"
            type="search"
            defaultValue={filters.q}
            maxLength={100}
            placeholder={t("searchHint")}
            key={filters.q}
          />
        </div>
        <CodeSelect
          id="registry-province"
          name="province"
          label={t("province")}
          codes={PROVINCES}
          value={filters.province}
          anyLabel={t("any")}
          optionLabel={(p) => t(`bases:provinces.${p}`)}
        />
        <CodeSelect
          id="registry-industry"
          name="industry"
          label={t("industry")}
          codes={INDUSTRIES}
          value={filters.industry}
          anyLabel={t("any")}
          optionLabel={(i) => t(`bases:industries.${i}`)}
        />
        <div className="field">
          <label htmlFor="registry-status">{t("status")}</label>
          <select id="registry-status" name="status" defaultValue={filters.status} key={filters.status}>
            <option value="active">{t("statusActive")}</option>
            <option value="retired">{t("statusRetired")}</option>
            <option value="all">{t("statusAll")}</option>
          </select>
        </div>
        <button type="submit">{t("searchButton")}</button>
      </Form>
      <p role="status">{t("count", { count: total, formattedCount: formatNumber(total, i18n.language) })}</p>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">{t("tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("code")}</th>
              <th scope="col">{t("name")}</th>
              <th scope="col">{t("province")}</th>
              <th scope="col">{t("industry")}</th>
              <th scope="col">{t("recognition")}</th>
              <th scope="col">{t("cases")}</th>
              <th scope="col">
                <span className="sr-only">{t("edit")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {bases.map((b) => {
              const name = en ? b.nameEn : b.nameZh;
              return (
                <tr key={b.id}>
                  <td>
                    <code>{b.code}</code>
                  </td>
                  <th scope="row">
                    <Link to={`/bases/${b.slug}`}>{name}</Link>
                    <br />
                    <span className="meta" lang={en ? "zh-CN" : "en"}>
                      {en ? b.nameZh : b.nameEn}
                    </span>
                    {b.retiredAt ? <span className="tag"> {t("retiredTag")}</span> : null}
                    {b.isDemo ? <span className="tag tag-demo"> {t("demo")}</span> : null}
                  </th>
                  <td>
                    {t(`bases:provinces.${b.province}`)} · {en ? b.cityEn : b.cityZh}
                  </td>
                  <td>{t(`bases:industries.${b.industry}`)}</td>
                  <td>
                    {b.recognitionBatch && b.recognitionYear
                      ? t("batchYear", { batch: b.recognitionBatch, year: b.recognitionYear })
                      : (b.recognitionYear ?? "—")}
                  </td>
                  <td>{formatNumber(b.cases, i18n.language)}</td>
                  <td>
                    <Link to={`/admin/bases/${b.id}`} aria-label={t("editLabel", { name })}>
                      {t("edit")}
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} search={location.search} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
