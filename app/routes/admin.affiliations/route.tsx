// The affiliation review queue for moderators and admins. Approving makes the
// member a verified member of the base; rejecting needs a reason they will read.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { FormErrors, TextareaField } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { approveAffiliation, listPendingAffiliations, rejectAffiliation } from "~/models/affiliation.server.ts";
import { Time } from "~/components/time.tsx";
import { ReviewSchema } from "./schema.ts";
import { readForm } from "~/utils/form-body.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "review:affiliation:any");
  const url = new URL(request.url);
  const cursor = url.searchParams.get("cursor") || undefined;
  const t = tFor(context.locale);
  const queue = await listPendingAffiliations({ cursor, take: 30 });
  return { ...queue, cursor: cursor ?? null, meta: { title: `${t("admin:affiliations.title")} · ${t("appName")}` } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const reviewer = requirePermission(context, request, "review:affiliation:any");
  const formData = await readForm(request, ReviewSchema);
  const submission = parseWithZod(formData, { schema: ReviewSchema });
  const requestId = String(formData.get("requestId") ?? "");
  if (submission.status !== "success") {
    return data({ result: submission.reply(), requestId }, { status: 400 });
  }
  const { intent, reason } = submission.value;
  const result =
    intent === "approve"
      ? await approveAffiliation(reviewer, requestId, { note: reason })
      : await rejectAffiliation(reviewer, requestId, reason);
  if (!result.ok) {
    const status = result.error === "not-found" ? 404 : result.error === "self-review" ? 403 : 409;
    return data({ result: submission.reply({ formErrors: [`admin:errors.${result.error}`] }), requestId }, { status });
  }
  return redirect(`/admin/affiliations?done=${intent === "approve" ? "approved" : "rejected"}`);
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

function ReviewForm({ row }: { row: Row }) {
  const { t } = useTranslation("admin");
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: `review-${row.id}`,
    lastResult: navigation.state === "idle" && actionData?.requestId === row.id ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReviewSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="requestId" value={row.id} />
      <FormErrors errors={form.errors} />
      <TextareaField
        field={fields.reason}
        label={t("affiliations.reason")}
        hint={t("affiliations.reasonHint")}
        maxLength={500}
      />
      <div className="actions">
        <button type="submit" name="intent" value="approve">
          {t("affiliations.approve")}
        </button>
        <button type="submit" name="intent" value="reject" className="button-secondary">
          {t("affiliations.reject")}
        </button>
      </div>
    </Form>
  );
}

export default function AffiliationQueue() {
  const { rows, total, nextCursor, cursor } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("admin");
  const en = i18n.language === "en";
  const done = params.get("done");
  const name = (b: { nameZh: string; nameEn: string }) => (en ? b.nameEn : b.nameZh);
  return (
    <>
      <h1>{t("affiliations.title")}</h1>
      <p role="status">{t("affiliations.count", { count: total })}</p>
      {done ? (
        <p className="notice">{t(`affiliations.done.${done === "approved" ? "approved" : "rejected"}`)}</p>
      ) : null}
      {rows.length === 0 ? <p>{t("affiliations.empty")}</p> : null}
      <ol className="plain-list stack">
        {rows.map((row) => (
          <li key={row.id} className="card review-card">
            <h2>
              {row.user.displayName} <span className="meta">@{row.user.username}</span>
            </h2>
            <dl className="facts">
              <div>
                <dt>{t("affiliations.base")}</dt>
                <dd>
                  <Link to={`/bases/${row.base.slug}`}>{name(row.base)}</Link>
                </dd>
              </div>
              <div>
                <dt>{t("affiliations.email")}</dt>
                <dd>{row.user.email}</dd>
              </div>
              <div>
                <dt>{t("affiliations.submitted")}</dt>
                <dd>
                  <Time value={row.createdAt} />
                </dd>
              </div>
              {row.user.base && row.user.baseVerifiedAt ? (
                <div>
                  <dt>{t("affiliations.currentBase")}</dt>
                  <dd>{name(row.user.base)}</dd>
                </div>
              ) : null}
            </dl>
            <p>
              <strong>{t("affiliations.message")}</strong>
            </p>
            <blockquote className="quote">{row.message}</blockquote>
            <p>
              {row.evidenceName ? (
                <>
                  <strong>{t("affiliations.evidence")}</strong>{" "}
                  <a href={`/affiliation/evidence/${row.id}`}>{row.evidenceName}</a>
                </>
              ) : (
                <span className="meta">{t("affiliations.noEvidence")}</span>
              )}
            </p>
            <ReviewForm row={row} />
          </li>
        ))}
      </ol>
      <nav className="pagination" aria-label={t("common:pagination.label")}>
        {cursor ? <Link to="/admin/affiliations">{t("pager.first")}</Link> : null}
        {nextCursor ? (
          <Link to={`/admin/affiliations?cursor=${encodeURIComponent(nextCursor)}`}>{t("common:pagination.next")}</Link>
        ) : null}
      </nav>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
