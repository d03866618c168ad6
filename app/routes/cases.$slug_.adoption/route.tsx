// /cases/:slug/adoption — "我们借鉴了这条经验": a verified member of another base
// records that their base is considering, piloting or has adopted the case's
// practice, with a note, later an outcome (text and before/after metrics) and
// their own follow-up case; they can change the stage or withdraw. The base, not
// the member, adopts: any verified member of the base edits the same record.
// Works without JavaScript (metric rows are added and removed by the server).
import { getCollectionProps, getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { forbidden, requireUser } from "~/auth/guards.server.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import { ErrorList, FormErrors, TextareaField, TextField } from "~/components/forms.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { ADOPTION_LIMITS, ADOPTION_STAGES, AdoptionSchema, RemoveAdoptionSchema } from "~/models/adoption-input.ts";
import {
  AdoptionError,
  adoptionOf,
  adoptionRefusal,
  caseForAdoption,
  followUpChoices,
  recordAdoption,
  removeAdoption,
} from "~/models/adoption.server.ts";
import { LIMITS as CASE_LIMITS } from "~/models/case-content.ts";
import { findCaseBySlug } from "~/models/case.server.ts";
import { routeMeta } from "~/utils/page-meta.ts";

/** The case and the member, or the response that says why not (login, 404, 403). */
async function load(slug: string | undefined, context: LoaderFunctionArgs["context"], request: Request) {
  const user = requireUser(context, request);
  const found = slug ? await findCaseBySlug(slug) : null;
  if (!found) throw new Response("Not found", { status: 404 });
  if (found.redirectTo) throw redirect(`/cases/${found.redirectTo}/adoption`, 301);
  const c = await caseForAdoption(found.id);
  if (!c) throw new Response("Not found", { status: 404 });
  const refusal = adoptionRefusal(user, c.baseId);
  if (refusal) throw forbidden(`adoption:${refusal}`);
  return { user: user as SessionUser & { baseId: string }, c };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { user, c } = await load(params.slug, context, request);
  const en = context.locale === "en";
  const t = tFor(context.locale);
  const own = await adoptionOf(c.id, user.baseId);
  const title = en && c.titleEn ? c.titleEn : c.title;
  return {
    case: { slug: c.slug, title },
    own,
    choices: (await followUpChoices(user.baseId, c.id)).map((f) => ({
      id: f.id,
      title: en && f.titleEn ? f.titleEn : f.title,
    })),
    meta: { title: `${t("adoption:form.title", { title })} · ${t("appName")}` },
  };
}

type ActionResult = { result: SubmissionResult<string[]> };

const REFUSAL_STATUS: Record<AdoptionError["code"], 400 | 403 | 404> = {
  "sign-in": 403,
  "not-verified": 403,
  "no-base": 403,
  "own-base": 403,
  forbidden: 403,
  "not-found": 404,
  closed: 403,
  "follow-up-invalid": 400,
  "no-adoption": 404,
};

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { user, c } = await load(params.slug, context, request);
  const form = await readForm(request, AdoptionSchema, RemoveAdoptionSchema);
  const back = redirect(`/cases/${c.slug}#adoptions`);
  if (form.get("intent") === "remove") {
    const submission = parseWithZod(form, { schema: RemoveAdoptionSchema });
    try {
      await removeAdoption(c.id, user);
      return back;
    } catch (e) {
      if (!(e instanceof AdoptionError)) throw e;
      return data<ActionResult>(
        { result: submission.reply({ formErrors: [`adoption:errors.${e.code}`] }) },
        { status: REFUSAL_STATUS[e.code] },
      );
    }
  }
  const submission = parseWithZod(form, { schema: AdoptionSchema });
  // Adding or removing a metric row without JavaScript comes back here too: not an error.
  if (submission.status !== "success")
    return data<ActionResult>({ result: submission.reply() }, { status: submission.status === "error" ? 400 : 200 });
  try {
    await recordAdoption({ caseId: c.id, actor: user, input: submission.value });
    return back;
  } catch (e) {
    if (!(e instanceof AdoptionError)) throw e;
    const key = `adoption:errors.${e.code}`;
    return data<ActionResult>(
      {
        result: submission.reply(
          e.code === "follow-up-invalid" ? { fieldErrors: { followUpCaseId: [key] } } : { formErrors: [key] },
        ),
      },
      { status: REFUSAL_STATUS[e.code] },
    );
  }
}

type Shape = z.input<typeof AdoptionSchema>;

export default function AdoptionPage() {
  const { case: c, own, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionResult>();
  const { t } = useTranslation("adoption");
  const navigation = useNavigation();
  const [form, fields] = useForm<Shape, z.output<typeof AdoptionSchema>>({
    id: "adoption-form",
    lastResult: actionData?.result,
    defaultValue: {
      stage: own?.stage ?? "",
      note: own?.note ?? "",
      outcome: own?.outcome ?? "",
      metrics: own?.metrics ?? [],
      followUpCaseId: own?.followUpCaseId ?? "",
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AdoptionSchema }),
  });
  const metrics = fields.metrics.getFieldList();
  const { key: selectKey, ...selectProps } = getSelectProps(fields.followUpCaseId);
  return (
    <section className="form-card adoption-form" aria-labelledby="adoption-title">
      <p className="meta">
        <Link to={`/cases/${c.slug}#adoptions`}>{t("form.back")}</Link>
      </p>
      <h1 id="adoption-title">{own ? t("form.updateHeading") : t("form.heading")}</h1>
      <p>
        {t("form.case")} <Link to={`/cases/${c.slug}`}>{c.title}</Link>
      </p>
      <p className="field-hint">{t("form.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <fieldset className="field">
          <legend>
            {t("form.stage")} <span className="meta">({t("common:form.required")})</span>
          </legend>
          {getCollectionProps(fields.stage, { type: "radio", options: [...ADOPTION_STAGES] }).map(
            ({ key, ...props }) => (
              <label key={key} className="radio-option">
                <input {...props} /> {t(`stages.${props.value}`)}
                <span className="field-hint"> — {t(`stageHints.${props.value}`)}</span>
              </label>
            ),
          )}
          <ErrorList id={fields.stage.errorId} errors={fields.stage.errors} />
        </fieldset>
        <TextareaField
          field={fields.note}
          label={t("form.note")}
          hint={t("form.noteHint", { max: ADOPTION_LIMITS.note })}
          rows={3}
        />
        <TextareaField
          field={fields.outcome}
          label={t("form.outcome")}
          hint={t("form.outcomeHint", { max: ADOPTION_LIMITS.outcome })}
          rows={5}
        />
        <fieldset className="metrics">
          <legend>{t("form.metrics")}</legend>
          <p className="field-hint">{t("form.metricsHint", { max: ADOPTION_LIMITS.metricRows })}</p>
          <ErrorList id={fields.metrics.errorId} errors={fields.metrics.errors} />
          {metrics.map((row, index) => {
            const m = row.getFieldset();
            return (
              <div
                key={row.key}
                className="metric-row"
                role="group"
                aria-label={t("cases:form.metricRow", { n: index + 1 })}
              >
                <TextField field={m.label} label={t("cases:form.metricLabel")} maxLength={CASE_LIMITS.metricLabel} />
                <TextField field={m.before} label={t("cases:form.metricBefore")} maxLength={CASE_LIMITS.metricValue} />
                <TextField field={m.after} label={t("cases:form.metricAfter")} maxLength={CASE_LIMITS.metricValue} />
                <TextField field={m.unit} label={t("cases:form.metricUnit")} maxLength={CASE_LIMITS.metricUnit} />
                <TextField field={m.source} label={t("cases:form.metricSource")} maxLength={CASE_LIMITS.metricSource} />
                <button
                  {...form.remove.getButtonProps({ name: fields.metrics.name, index })}
                  className="button-secondary button-small"
                >
                  {t("cases:form.metricRemove")}
                </button>
              </div>
            );
          })}
          {metrics.length < ADOPTION_LIMITS.metricRows ? (
            <button
              {...form.insert.getButtonProps({ name: fields.metrics.name })}
              className="button-secondary button-small"
            >
              {t("cases:form.metricAdd")}
            </button>
          ) : null}
        </fieldset>
        <div className="field">
          <label htmlFor={fields.followUpCaseId.id}>{t("form.followUp")}</label>
          <select key={selectKey} {...selectProps} aria-describedby={`${fields.followUpCaseId.id}-hint`}>
            <option value="">{t("form.followUpNone")}</option>
            {choices.map((f) => (
              <option key={f.id} value={f.id}>
                {f.title}
              </option>
            ))}
          </select>
          <p id={`${fields.followUpCaseId.id}-hint`} className="field-hint">
            {choices.length ? t("form.followUpHint") : t("form.followUpNoCases")}
          </p>
          <ErrorList id={fields.followUpCaseId.errorId} errors={fields.followUpCaseId.errors} />
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="save" disabled={navigation.state === "submitting"}>
            {own ? t("form.update") : t("form.save")}
          </button>
          <Link to={`/cases/${c.slug}#adoptions`}>{t("common:form.cancel")}</Link>
        </div>
      </Form>
      {own ? (
        <Form method="post" className="adoption-remove">
          <button type="submit" name="intent" value="remove" className="button-secondary button-small">
            {t("form.remove")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = routeMeta(({ data }) => [{ title: data?.meta.title ?? "" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
