// /calls/:slug — one call for cases: its description, topics, industries and
// deadline (Beijing time). A verified member of a base submits one of the base's
// published cases with a short note while the call is open (the deadline is
// checked by the model at the moment of writing) and sees the base's
// submissions with the ministry's decisions and notes. Staff move the call along
// draft → open → closed → decided and reach the review queue.
import { getFormProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forbidden, requireUser } from "~/auth/guards.server.ts";
import { can } from "~/auth/permissions.ts";
import { ErrorList, FormErrors } from "~/components/forms.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { renderDocHtml } from "~/editor/render.server.ts";
import { editorLinks } from "~/editor/rich-text-field.tsx";
import { Deadline } from "~/features/calls/deadline.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { CALL_LIMITS, CALL_TRANSITIONS, CallStatusSchema, SubmitSchema } from "~/models/call-input.ts";
import {
  CallError,
  baseSubmissions,
  callStatusOf,
  callTitle,
  callTopics,
  getCallBySlug,
  setCallStatus,
  submitCase,
  submitRefusal,
  submittableCases,
  type CallErrorCode,
} from "~/models/call.server.ts";
import { topicName } from "~/models/topic.server.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { routeMeta } from "~/utils/page-meta.ts";

export const links = () => editorLinks();

async function load(slug: string | undefined, user: { role: string } | null) {
  const call = slug ? await getCallBySlug(slug) : null;
  // A draft exists only for the staff who prepare it.
  if (!call || (call.status === "draft" && !can(user, "manage:call:any")))
    throw new Response("Not found", { status: 404 });
  return call;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const user = context.user;
  const call = await load(params.slug, user);
  const locale = context.locale;
  const t = tFor(locale);
  const en = locale === "en";
  const descriptionJson = en && call.descriptionEn ? call.descriptionEn : call.description;
  const status = callStatusOf(call.status);
  const refusal = submitRefusal(user);
  const deadlinePassed = Date.now() > call.deadline.getTime();
  const canSubmit = status === "open" && !deadlinePassed && refusal === null;
  const [topics, choices, mine] = await Promise.all([
    callTopics(call.topics.map((x) => x.topicId)),
    canSubmit && user?.baseId ? submittableCases(call.id, user.baseId) : Promise.resolve([]),
    user?.baseId && user.baseVerified ? baseSubmissions(call.id, user.baseId) : Promise.resolve([]),
  ]);
  const title = callTitle(call, locale);
  return {
    call: {
      slug: call.slug,
      title,
      status,
      deadline: call.deadline.toISOString(),
      deadlinePassed,
      industries: call.industries ? call.industries.split(",") : [],
      submissions: call._count.submissions,
      descriptionHtml: renderDocHtml(JSON.parse(descriptionJson), "case", {
        cacheKey: `call:${call.id}:${call.updatedAt.getTime()}:${en && call.descriptionEn ? "en" : "zh"}`,
      }),
    },
    topics: topics.map((tp) => ({ slug: tp.slug, name: topicName(tp, locale) })),
    submit: { allowed: canSubmit, refusal: status === "open" && !deadlinePassed ? refusal : null },
    choices: choices.map((c) => ({ id: c.id, title: en && c.titleEn ? c.titleEn : c.title, submitted: c.submitted })),
    mine: mine.map((s) => ({
      id: s.id,
      caseSlug: s.case.slug,
      caseTitle: en && s.case.titleEn ? s.case.titleEn : s.case.title,
      status: s.status,
      note: s.note,
      decisionNote: s.decisionNote,
    })),
    staff: can(user, "manage:call:any")
      ? { next: CALL_TRANSITIONS[status], review: can(user, "decide:submission:any") }
      : null,
    meta: { title: `${title} · ${t("common:appName")}`, url: `/calls/${call.slug}` },
  };
}

type ActionResult = { result: SubmissionResult<string[]> };

const STATUS: Record<CallErrorCode, 400 | 403 | 404 | 409> = {
  forbidden: 403,
  "not-found": 404,
  transition: 409,
  "not-open": 403,
  deadline: 403,
  "no-base": 403,
  "not-verified": 403,
  "case-invalid": 400,
  duplicate: 400,
};

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const call = await load(params.slug, user);
  const form = await readForm(request, SubmitSchema, CallStatusSchema);
  if (form.get("intent") === "status") {
    if (!can(user, "manage:call:any")) throw forbidden("permission");
    const submission = parseWithZod(form, { schema: CallStatusSchema });
    if (submission.status !== "success") return data<ActionResult>({ result: submission.reply() }, { status: 400 });
    try {
      await setCallStatus(user, call.id, submission.value.status);
    } catch (e) {
      if (!(e instanceof CallError)) throw e;
      return data<ActionResult>(
        { result: submission.reply({ formErrors: [`calls:errors.${e.code}`] }) },
        { status: STATUS[e.code] },
      );
    }
    return redirect(`/calls/${call.slug}`);
  }
  const refusal = submitRefusal(user);
  if (refusal) throw forbidden(`call:${refusal}`);
  const submission = parseWithZod(form, { schema: SubmitSchema });
  if (submission.status !== "success") return data<ActionResult>({ result: submission.reply() }, { status: 400 });
  try {
    await submitCase({ callId: call.id, actor: user, input: submission.value });
  } catch (e) {
    if (!(e instanceof CallError)) throw e;
    const key = `calls:errors.${e.code}`;
    const fieldError = e.code === "duplicate" || e.code === "case-invalid";
    return data<ActionResult>(
      { result: submission.reply(fieldError ? { fieldErrors: { caseId: [key] } } : { formErrors: [key] }) },
      { status: STATUS[e.code] },
    );
  }
  return redirect(`/calls/${call.slug}#mine`);
}

export default function CallPage() {
  const { call, topics, submit, choices, mine, staff } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionResult>();
  const { t } = useTranslation("calls");
  const [form, fields] = useForm({
    id: "submit-form",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SubmitSchema }),
  });
  const { key: selectKey, ...selectProps } = getSelectProps(fields.caseId);
  const { key: noteKey, ...noteProps } = getTextareaProps(fields.note);
  return (
    <article className="call-page">
      <p className="meta">
        <Link to="/calls">{t("list.title")}</Link>
      </p>
      <h1>{call.title}</h1>
      <p className="meta">
        <span className={`tag call-status call-status-${call.status}`}>{t(`status.${call.status}`)}</span>{" "}
        {t("deadline")}: <Deadline value={call.deadline} /> · {t("submissionCount", { count: call.submissions })}
      </p>
      {topics.length || call.industries.length ? (
        <p className="meta">
          {topics.map((tp) => (
            <Link key={tp.slug} to={`/topics/${tp.slug}`} className="tag">
              {tp.name}
            </Link>
          ))}
          {call.industries.map((code) => (
            <span key={code} className="tag">
              {t(`bases:industries.${code}`)}
            </span>
          ))}
        </p>
      ) : null}
      <div className="rich-text" dangerouslySetInnerHTML={{ __html: call.descriptionHtml }} />

      {staff ? (
        <section aria-labelledby="call-staff" className="card">
          <h2 id="call-staff">{t("staff.heading")}</h2>
          <FormErrors errors={actionData && !submit.allowed ? form.errors : null} />
          <p className="actions">
            <Link to={`/calls/${call.slug}/edit`}>{t("staff.edit")}</Link>
            {staff.review ? <Link to={`/calls/${call.slug}/review`}>{t("staff.review")}</Link> : null}
          </p>
          {staff.next.map((next) => (
            <Form method="post" key={next} className="inline-form">
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="status" value={next} />
              <button type="submit" className="button-secondary">
                {t(`staff.to.${next}`)}
              </button>
            </Form>
          ))}
        </section>
      ) : null}

      {submit.allowed ? (
        <section aria-labelledby="call-submit" className="form-card">
          <h2 id="call-submit">{t("submit.heading")}</h2>
          <Form method="post" {...getFormProps(form)}>
            <FormErrors errors={form.errors} />
            <div className="field">
              <label htmlFor={fields.caseId.id}>{t("submit.case")}</label>
              <select key={selectKey} {...selectProps}>
                <option value="">{t("submit.choose")}</option>
                {choices.map((c) => (
                  <option key={c.id} value={c.id} disabled={c.submitted}>
                    {c.submitted ? t("submit.already", { title: c.title }) : c.title}
                  </option>
                ))}
              </select>
              <ErrorList id={fields.caseId.errorId} errors={fields.caseId.errors} />
              <p className="field-hint">
                {choices.length ? t("submit.caseHint") : t("submit.noCases")}{" "}
                <Link to="/cases/new">{t("submit.writeNew")}</Link>
              </p>
            </div>
            <div className="field">
              <label htmlFor={fields.note.id}>{t("submit.note")}</label>
              <textarea key={noteKey} {...noteProps} rows={3} maxLength={CALL_LIMITS.note} />
              <p className="field-hint">{t("submit.noteHint", { max: CALL_LIMITS.note })}</p>
              <ErrorList id={fields.note.errorId} errors={fields.note.errors} />
            </div>
            <div className="actions">
              <button type="submit" name="intent" value="submit">
                {t("submit.send")}
              </button>
            </div>
          </Form>
        </section>
      ) : call.status === "open" && !call.deadlinePassed && submit.refusal ? (
        <p className="notice">{t(`submit.refusal.${submit.refusal}`)}</p>
      ) : call.status === "open" && call.deadlinePassed ? (
        <p className="notice">{t("submit.deadlinePassed")}</p>
      ) : null}

      {mine.length ? (
        <section aria-labelledby="mine-heading" id="mine">
          <h2 id="mine-heading">{t("mine.heading")}</h2>
          <ul className="plain-list">
            {mine.map((s) => (
              <li key={s.id} className="card">
                <Link to={`/cases/${s.caseSlug}`}>{s.caseTitle}</Link>{" "}
                <span className={`tag submission-${s.status}`}>{t(`submissionStatus.${s.status}`)}</span>
                {s.note ? <p className="meta">{t("mine.yourNote", { note: s.note })}</p> : null}
                {s.decisionNote ? <p>{t("mine.decisionNote", { note: s.decisionNote })}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = routeMeta(({ data }) => [{ title: data?.meta.title ?? "" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
