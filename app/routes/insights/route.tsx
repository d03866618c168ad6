// /insights — the ministry dashboard (ministry staff and admins): coverage of the
// base registry, cases over time and by topic and stage, the diffusion of
// adopted practices, discussion activity, calls and their submissions, and search
// demand, for a date range in Beijing time. Every chart is an SVG drawn on the
// server from a table the page also shows, and every table downloads as CSV
// (/insights/csv/:dataset). See ADR 027 for what each figure counts.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { ErrorList } from "~/components/forms.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { insightChartSvg } from "~/features/charts/insight-chart.server.ts";
import { insightTables, type Dataset, type InsightTable } from "~/features/insights/tables.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { loadInsights } from "~/models/insights.server.ts";
import { defaultRange, RangeSchema } from "~/models/insights-range.ts";
import { formatNumber } from "~/utils/format.ts";
import { routeMeta } from "~/utils/page-meta.ts";

/** The page's sections and the tables each shows, in order. */
const SECTIONS: Array<{ id: string; tables: Dataset[] }> = [
  { id: "coverage", tables: ["coverage-province", "coverage-industry", "silent-bases"] },
  { id: "cases", tables: ["cases-month", "cases-topic", "cases-stage"] },
  { id: "adoptions", tables: ["adoptions-top", "adoptions-province", "adoptions-industry", "adoptions-stage"] },
  { id: "discussion", tables: ["discussion-month", "unanswered"] },
  { id: "calls", tables: ["calls"] },
  { id: "search", tables: ["search-top", "search-zero"] },
];

/** Tables long enough to start folded (the list of bases that have not published). */
const FOLDED: ReadonlySet<Dataset> = new Set(["silent-bases"]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "read:insights:any");
  const t = tFor(context.locale);
  const url = new URL(request.url);
  const asked = url.searchParams.has("from") || url.searchParams.has("to");
  const submission = asked ? parseWithZod(url.searchParams, { schema: RangeSchema }) : null;
  // A bad range keeps what was typed (with the errors) and shows the default range.
  const range = submission?.status === "success" ? submission.value : defaultRange();
  const ins = await loadInsights(range);
  const tables = insightTables(ins, context.locale);
  const charts: Partial<Record<Dataset, string | null>> = {};
  for (const table of Object.values(tables)) {
    if (!table.chart) continue;
    charts[table.id as Dataset] = insightChartSvg({
      kind: table.chart.kind,
      categories: table.rows.map((r) => String(r[0])),
      series: table.chart.values.map((col) => ({
        name: table.columns[col]!,
        values: table.rows.map((r) => Number(r[col])),
      })),
    });
  }
  const payload = {
    range,
    result: submission && submission.status !== "success" ? submission.reply() : null,
    figures: {
      bases: ins.coverage.total,
      publishing: ins.coverage.publishing,
      cases: ins.cases.total,
      adoptions: ins.adoptions.total,
      adoptingBases: ins.adoptions.adoptingBases,
      comments: ins.discussion.comments,
      questions: ins.discussion.questions,
      unanswered: ins.discussion.unanswered,
      casesWithoutComments: ins.discussion.casesWithoutComments,
    },
    tables,
    charts,
    meta: { title: `${t("insights:title")} · ${t("appName")}` },
  };
  return data(payload, { status: submission && submission.status !== "success" ? 400 : 200 });
}

// Personal (permission-gated) and current: never stored by a shared cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

function csvHref(id: string, range: { from: string; to: string }) {
  return `/insights/csv/${id}?${new URLSearchParams(range)}`;
}

function TableView({
  table,
  chart,
  range,
  headingLevel = 3,
}: {
  table: InsightTable;
  chart: string | null | undefined;
  range: { from: string; to: string };
  headingLevel?: 3;
}) {
  const { t, i18n } = useTranslation("insights");
  const H = `h${headingLevel}` as const;
  const fmt = (v: string | number) => (typeof v === "number" ? formatNumber(v, i18n.language) : v);
  const body = (
    <div className="table-wrap">
      <table className="insights-table">
        <caption className="sr-only">{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={table.columns.length} className="meta">
                {t("empty")}
              </td>
            </tr>
          ) : (
            table.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) =>
                  c === 0 ? (
                    <th key={c} scope="row">
                      {table.links?.[r] ? <Link to={table.links[r]!}>{cell}</Link> : cell}
                    </th>
                  ) : (
                    <td key={c} className={typeof cell === "number" ? "num" : undefined}>
                      {fmt(cell)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
  return (
    <div className="insights-block" id={`t-${table.id}`}>
      <H>{table.title}</H>
      {chart ? (
        // Drawn on the server from the table below, which is the accessible form.
        <figure className="insights-chart" aria-hidden="true" dangerouslySetInnerHTML={{ __html: chart }} />
      ) : null}
      {FOLDED.has(table.id as Dataset) ? (
        <details>
          <summary>{t("showTable", { count: table.rows.length })}</summary>
          {body}
        </details>
      ) : (
        body
      )}
      <p className="meta">
        <a href={csvHref(table.id, range)} download>
          {t("downloadCsv")}
        </a>
      </p>
    </div>
  );
}

export default function InsightsPage() {
  const { range, result, figures, tables, charts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("insights");
  const n = (v: number) => formatNumber(v, i18n.language);
  const [form, fields] = useForm({
    id: "insights-range",
    lastResult: result,
    defaultValue: range,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RangeSchema }),
  });
  return (
    <article className="insights" aria-labelledby="insights-title">
      <h1 id="insights-title">{t("title")}</h1>
      <p className="meta">{t("intro")}</p>
      <Form method="get" className="insights-range" {...getFormProps(form)}>
        <div className="field">
          <label htmlFor={fields.from.id}>{t("from")}</label>
          <input {...getInputProps(fields.from, { type: "date" })} key={fields.from.key} />
          <ErrorList id={fields.from.errorId} errors={fields.from.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.to.id}>{t("to")}</label>
          <input {...getInputProps(fields.to, { type: "date" })} key={fields.to.key} />
          <ErrorList id={fields.to.errorId} errors={fields.to.errors} />
        </div>
        <button type="submit">{t("apply")}</button>
        <p className="field-hint">{t("rangeHint")}</p>
      </Form>

      <dl className="insights-figures">
        <div>
          <dt>{t("figures.publishing")}</dt>
          <dd>{t("figures.ofBases", { n: n(figures.publishing), total: n(figures.bases) })}</dd>
        </div>
        <div>
          <dt>{t("figures.cases")}</dt>
          <dd>{n(figures.cases)}</dd>
        </div>
        <div>
          <dt>{t("figures.adoptions")}</dt>
          <dd>{t("figures.byBases", { n: n(figures.adoptions), bases: n(figures.adoptingBases) })}</dd>
        </div>
        <div>
          <dt>{t("figures.unanswered")}</dt>
          <dd>{t("figures.ofQuestions", { n: n(figures.unanswered), total: n(figures.questions) })}</dd>
        </div>
        <div>
          <dt>{t("figures.casesWithoutComments")}</dt>
          <dd>{n(figures.casesWithoutComments)}</dd>
        </div>
      </dl>

      {SECTIONS.map((section) => (
        <section key={section.id} aria-labelledby={`s-${section.id}`} className="insights-section">
          <h2 id={`s-${section.id}`}>{t(`sections.${section.id}.title`)}</h2>
          <p className="meta">{t(`sections.${section.id}.about`)}</p>
          {section.tables.map((id) => (
            <TableView key={id} table={tables[id]} chart={charts[id]} range={range} />
          ))}
        </section>
      ))}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = routeMeta(({ data }) => [{ title: data?.meta.title ?? "" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
