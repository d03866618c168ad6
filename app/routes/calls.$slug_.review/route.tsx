// /calls/:slug/review — the staff review queue of one call: filter by status,
// industry and province; choose submissions and set them under review, selected
// or not selected at once, with a note the submitters see (each is notified
// in-app and by mail; each decision is audit-logged). Works without JavaScript.
import { parseWithZod } from "@conform-to/zod";
import type { SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { ErrorList, FormErrors } from "~/components/forms.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Deadline } from "~/features/calls/deadline.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { CALL_LIMITS, DECISIONS, DecideSchema, SUBMISSION_STATUSES } from "~/models/call-input.ts";
import {
  CallError,
  callTitle,
  decideSubmissions,
  getCallBySlug,
  reviewQueue,
  submissionCounts,
} from "~/models/call.server.ts";
import { INDUSTRIES, isIndustry } from "~/models/industry.ts";
import { PROVINCES, isProvince } from "~/models/province.ts";
import { formatDate } from "~/utils/format.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { routeMeta } from "~/utils/page-meta.ts";

async function load(slug: string | undefined) {
  const call = slug ? await getCallBySlug(slug) : null;
  if (!call) throw new Response("Not found", { status: 404 });
  return call;
}

function filtersOf(url: URL) {
  const status = url.searchParams.get("status") ?? "";
  const industry = url.searchParams.get("industry") ?? "";
  const province = url.searchParams.get("province") ?? "";
  return {
    status: (SUBMISSION_STATUSES as readonly string[]).includes(status) ? status : "",
    industry: isIndustry(industry) ? industry : "",
    province: isProvince(province) ? province : "",
  };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "decide:submission:any");
  const call = await load(params.slug);
  const filters = filtersOf(new URL(request.url));
  const locale = context.locale;
  const en = locale === "en";
  const [rows, counts] = await Promise.all([reviewQueue(call.id, filters), submissionCounts(call.id)]);
  const t = tFor(locale);
  const title = callTitle(call, locale);
  return {
    call: { slug: call.slug, title, status: call.status, deadline: call.deadline.toISOString() },
    filters,
    counts,
    rows: rows.map((s) => ({
      id: s.id,
      caseSlug: s.case.slug,
      caseTitle: en && s.case.titleEn ? s.case.titleEn : s.case.title,
      base: en ? s.base.nameEn : s.base.nameZh,
      province: s.base.province,
      industry: s.base.industry,
      submitter: s.submitter.displayName,
      note: s.note,
      status: s.status,
      decisionNote: s.decisionNote,
      createdAt: s.createdAt.toISOString(),
    })),
    meta: { title: `${t("calls:review.title", { title })} · ${t("common:appName")}` },
  };
}

type ActionResult = { result: SubmissionResult<string[]>; changed?: number };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, "decide:submission:any");
  const call = await load(params.slug);
  const form = await readForm(request, DecideSchema);
  const submission = parseWithZod(form, { schema: DecideSchema });
  if (submission.status !== "success") return data<ActionResult>({ result: submission.reply() }, { status: 400 });
  try {
    await decideSubmissions({ actor: user, callId: call.id, ...submission.value });
  } catch (e) {
    if (!(e instanceof CallError)) throw e;
    return data<ActionResult>(
      { result: submission.reply({ formErrors: [`calls:errors.${e.code}`] }) },
      { status: e.code === "forbidden" ? 403 : 409 },
    );
  }
  // Back to the same filtered queue.
  const url = new URL(request.url);
  return redirect(`/calls/${call.slug}/review${url.search}`);
}

export default function Review() {
  const { call, filters, counts, rows } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionResult>();
  const { t, i18n } = useTranslation("calls");
  const errors = actionData?.result.error ?? {};
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return (
    <>
      <p className="meta">
        <Link to={`/calls/${call.slug}`}>{call.title}</Link>
      </p>
      <h1>{t("review.heading")}</h1>
      <p className="meta">
        {t(`status.${call.status}`)} · {t("deadline")}: <Deadline value={call.deadline} /> ·{" "}
        {t("submissionCount", { count: total })}
      </p>
      <Form method="get" className="filters" aria-label={t("review.filters")}>
        <label>
          {t("review.status")}{" "}
          <select name="status" defaultValue={filters.status}>
            <option value="">{t("review.all")}</option>
            {SUBMISSION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`submissionStatus.${s}`)} ({counts[s] ?? 0})
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          {t("review.industry")}{" "}
          <select name="industry" defaultValue={filters.industry}>
            <option value="">{t("bases:directory.allIndustries")}</option>
            {INDUSTRIES.map((code) => (
              <option key={code} value={code}>
                {t(`bases:industries.${code}`)}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          {t("review.province")}{" "}
          <select name="province" defaultValue={filters.province}>
            <option value="">{t("bases:directory.allProvinces")}</option>
            {PROVINCES.map((code) => (
              <option key={code} value={code}>
                {t(`bases:provinces.${code}`)}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="submit" className="button-secondary button-small">
          {t("review.filter")}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("review.empty")}</p>
      ) : (
        <Form method="post" className="review-form">
          <input type="hidden" name="intent" value="decide" />
          <FormErrors errors={actionData?.result.error?.[""] ?? null} />
          <ErrorList id="ids-error" errors={errors.ids} />
          <div className="table-scroll">
            <table className="data-table">
              <caption>{t("review.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("review.choose")}</th>
                  <th scope="col">{t("review.case")}</th>
                  <th scope="col">{t("review.base")}</th>
                  <th scope="col">{t("review.submitterNote")}</th>
                  <th scope="col">{t("review.status")}</th>
                  <th scope="col">{t("review.submittedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <input
                        type="checkbox"
                        name="ids"
                        value={r.id}
                        id={`pick-${r.id}`}
                        aria-label={t("review.pick", { title: r.caseTitle })}
                      />
                    </td>
                    <td>
                      <Link to={`/cases/${r.caseSlug}`}>{r.caseTitle}</Link>
                    </td>
                    <td>
                      {r.base}
                      <br />
                      <span className="meta">
                        {t(`bases:provinces.${r.province}`)} · {t(`bases:industries.${r.industry}`)}
                      </span>
                    </td>
                    <td>
                      {r.note}
                      <br />
                      <span className="meta">{r.submitter}</span>
                    </td>
                    <td>
                      {t(`submissionStatus.${r.status}`)}
                      {r.decisionNote ? <p className="meta">{r.decisionNote}</p> : null}
                    </td>
                    <td>{formatDate(r.createdAt, i18n.language, "datetime")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset className="field">
            <legend>{t("review.decision")}</legend>
            {DECISIONS.map((d) => (
              <label key={d} className="radio-option">
                <input type="radio" name="decision" value={d} /> {t(`submissionStatus.${d}`)}
              </label>
            ))}
            <ErrorList id="decision-error" errors={errors.decision} />
          </fieldset>
          <div className="field">
            <label htmlFor="decision-note">{t("review.note")}</label>
            <textarea id="decision-note" name="note" rows={3} maxLength={CALL_LIMITS.decisionNote} />
            <p className="field-hint">{t("review.noteHint")}</p>
            <ErrorList id="note-error" errors={errors.note} />
          </div>
          <div className="actions">
            <button type="submit">{t("review.apply")}</button>
          </div>
        </Form>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = routeMeta(({ data }) => [{ title: data?.meta.title ?? "" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
