// /report?type=case|comment&id=…: a member reports a case or a comment with a
// reason from the list and an optional note (ADR 035). One open report per
// member per item; the form works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { useTranslation } from "react-i18next";
import { forbidden, requireUser } from "~/auth/guards.server.ts";
import { can } from "~/auth/permissions.ts";
import { ErrorList, FormErrors, TextareaField } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { createReport, hasOpenReport, ModerationError, reportableItem } from "~/models/moderation.server.ts";
// Names the component uses come from the module the browser may load.
import { REPORT_NOTE_MAX, REPORT_REASONS, type ReportTarget } from "~/models/moderation-input.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { ReportSchema } from "./schema.ts";

function target(url: URL): { type: ReportTarget; id: string } {
  const type = url.searchParams.get("type");
  const id = url.searchParams.get("id") ?? "";
  if ((type !== "case" && type !== "comment") || !/^[A-Za-z0-9_-]{1,64}$/.test(id))
    throw new Response("Not found", { status: 404 });
  return { type, id };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  if (!can(user, "create:report:own")) throw forbidden("permission");
  const url = new URL(request.url);
  const { type, id } = target(url);
  const item = await reportableItem(type, id);
  if (!item) throw new Response("Not found", { status: 404 });
  const t = tFor(context.locale);
  const en = context.locale === "en";
  return {
    type,
    id,
    item: { title: en && item.titleEn ? item.titleEn : item.title, excerpt: item.excerpt, href: item.href },
    own: item.authorId === user.id,
    verified: user.emailVerified,
    alreadyReported: await hasOpenReport(user.id, type, id),
    done: url.searchParams.get("done") === "1",
    meta: { title: `${t("moderation:report.title")} · ${t("appName")}` },
  };
}

const REFUSALS: Record<ModerationError["code"], [number, string]> = {
  "not-found": [404, "moderation:errors.notFound"],
  forbidden: [403, "moderation:errors.forbidden"],
  duplicate: [409, "moderation:errors.duplicate"],
  own: [403, "moderation:errors.own"],
  "reason-required": [400, "moderation:errors.reasonRequired"],
  staff: [403, "moderation:errors.forbidden"],
  self: [403, "moderation:errors.forbidden"],
  "rate-limited": [429, "moderation:errors.rateLimited"],
  "not-pending": [409, "moderation:errors.notFound"],
};

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  if (!can(user, "create:report:own")) throw forbidden("permission");
  const form = await readForm(request, ReportSchema);
  const submission = parseWithZod(form, { schema: ReportSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { type, id, reason, note } = submission.value;
  try {
    await createReport(user, { type, id, reason, note: note ?? "" });
  } catch (e) {
    if (!(e instanceof ModerationError)) throw e;
    const [status, key] = REFUSALS[e.code];
    return data({ result: submission.reply({ formErrors: [key] }) }, { status });
  }
  return redirect(`/report?type=${type}&id=${id}&done=1`);
}

export default function ReportPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("moderation");
  const [form, fields] = useForm({
    id: "report",
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
    defaultValue: { type: d.type, id: d.id },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReportSchema }),
  });
  const chosen = typeof fields.reason.initialValue === "string" ? fields.reason.initialValue : "";
  return (
    <section className="form-card" aria-labelledby="report-title">
      <h1 id="report-title">{t(d.type === "case" ? "report.titleCase" : "report.titleComment")}</h1>
      <blockquote className="report-item">
        <p>
          <Link to={d.item.href}>{d.item.title}</Link>
        </p>
        {d.item.excerpt ? <p className="meta">{d.item.excerpt}</p> : null}
      </blockquote>
      {d.done ? (
        <p className="notice" role="status">
          {t("report.thanks")}
        </p>
      ) : !d.verified ? (
        <p className="notice">{t("errors.forbidden")}</p>
      ) : d.own ? (
        <p className="notice">{t("errors.own")}</p>
      ) : d.alreadyReported ? (
        <p className="notice">{t("errors.duplicate")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <input type="hidden" name="type" value={d.type} />
          <input type="hidden" name="id" value={d.id} />
          <fieldset
            className="field"
            aria-invalid={fields.reason.errors?.length ? true : undefined}
            aria-describedby={fields.reason.errors?.length ? fields.reason.errorId : undefined}
          >
            <legend>
              {t("report.reason")} <span className="meta">({t("common:form.required")})</span>
            </legend>
            {REPORT_REASONS.map((r) => (
              <label key={r} className="choice">
                <input type="radio" name={fields.reason.name} value={r} defaultChecked={chosen === r} required />{" "}
                {t(`reasons.${r}`)}
              </label>
            ))}
            <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
          </fieldset>
          <TextareaField
            field={fields.note}
            label={t("report.note")}
            hint={t("report.noteHint")}
            maxLength={REPORT_NOTE_MAX}
          />
          <div className="actions">
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("report.submit")}
            </button>
            <Link to={d.item.href}>{t("common:form.cancel")}</Link>
          </div>
        </Form>
      )}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
