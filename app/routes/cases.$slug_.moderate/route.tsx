// /cases/:slug/moderate: moderators hide or unhide a case and lock or unlock its
// thread, each with a reason the author is told (notification and mail in their
// language) and the audit log records (ADR 035). Works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { useTranslation } from "react-i18next";
import { forbidden, requireUser } from "~/auth/guards.server.ts";
import { can } from "~/auth/permissions.ts";
import { ErrorList, FormErrors } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { findCaseBySlug } from "~/models/case.server.ts";
import { caseModerationState, ModerationError, moderateCase } from "~/models/moderation.server.ts";
// Names the component uses come from the module the browser may load.
import { MODERATION_REASON_MAX } from "~/models/moderation-input.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { CaseModerationSchema } from "./schema.ts";

async function load(slug: string | undefined) {
  const found = slug ? await findCaseBySlug(slug) : null;
  const c = found && !found.redirectTo ? await caseModerationState(found.id) : null;
  if (!c || c.revisionNumber === 0 || c.deletedAt) throw new Response("Not found", { status: 404 });
  return c;
}

function requireModerator(context: LoaderFunctionArgs["context"], request: Request) {
  const user = requireUser(context, request);
  if (!can(user, "hide:case:any") && !can(user, "lock:case:any")) throw forbidden("permission");
  return user;
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  requireModerator(context, request);
  const c = await load(params.slug);
  const t = tFor(context.locale);
  const title = context.locale === "en" && c.titleEn ? c.titleEn : c.title;
  return {
    id: c.id,
    slug: c.slug,
    title,
    status: c.status,
    hiddenReason: c.hiddenReason,
    locked: Boolean(c.lockedAt),
    lockedReason: c.lockedReason,
    done: new URL(request.url).searchParams.get("done"),
    meta: { title: `${t("moderation:caseModeration.title")} · ${title} · ${t("appName")}` },
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = requireModerator(context, request);
  const c = await load(params.slug);
  const form = await readForm(request, CaseModerationSchema);
  const submission = parseWithZod(form, { schema: CaseModerationSchema });
  const intent = String(form.get("intent") ?? "");
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  try {
    await moderateCase(user, c.id, submission.value.intent, submission.value.reason);
  } catch (e) {
    if (!(e instanceof ModerationError)) throw e;
    const status = e.code === "forbidden" ? 403 : e.code === "reason-required" ? 400 : 409;
    const key = e.code === "forbidden" ? "moderation:errors.forbidden" : "moderation:errors.stale";
    return data({ intent, result: submission.reply({ formErrors: [key] }) }, { status });
  }
  return redirect(`/cases/${c.slug}/moderate?done=${submission.value.intent}`);
}

function ReasonForm({ intent, label, submit }: { intent: string; label: string; submit: string }) {
  const { t } = useTranslation("moderation");
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const mine = actionData?.intent === intent;
  const [form, fields] = useForm({
    id: `moderate-${intent}`,
    lastResult: navigation.state === "idle" && mine ? actionData?.result : undefined,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CaseModerationSchema }),
  });
  const { key, ...reasonProps } = getTextareaProps(fields.reason, { ariaDescribedBy: `${fields.reason.id}-hint` });
  return (
    <Form method="post" {...getFormProps(form)} className="form-card">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      <div className="field">
        <label htmlFor={fields.reason.id}>
          {label} <span className="meta">({t("common:form.required")})</span>
        </label>
        <textarea key={key} {...reasonProps} maxLength={MODERATION_REASON_MAX} rows={3} />
        <p id={`${fields.reason.id}-hint`} className="field-hint">
          {t("caseModeration.reasonHint")}
        </p>
        <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
      </div>
      <button type="submit" disabled={navigation.state === "submitting"}>
        {submit}
      </button>
    </Form>
  );
}

export default function ModerateCase() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("moderation");
  const hidden = d.status === "hidden";
  return (
    <section aria-labelledby="moderate-title" className="stack">
      <h1 id="moderate-title">{t("caseModeration.title")}</h1>
      <p>
        <Link to={`/cases/${d.slug}`}>{d.title}</Link>
      </p>
      {d.done ? (
        <p className="notice" role="status">
          {t(`caseModeration.done.${d.done}`, { defaultValue: "" })}
        </p>
      ) : null}
      <ul className="plain-list">
        <li>
          {hidden
            ? t("caseModeration.stateHidden", { reason: d.hiddenReason ?? "" })
            : t("caseModeration.stateVisible")}
        </li>
        <li>
          {d.locked ? t("caseModeration.stateLocked", { reason: d.lockedReason ?? "" }) : t("caseModeration.stateOpen")}
        </li>
      </ul>
      <h2>{hidden ? t("caseModeration.unhide") : t("caseModeration.hide")}</h2>
      <ReasonForm
        intent={hidden ? "unhide" : "hide"}
        label={t("caseModeration.reason")}
        submit={hidden ? t("caseModeration.unhide") : t("caseModeration.hide")}
      />
      <h2>{d.locked ? t("caseModeration.unlock") : t("caseModeration.lock")}</h2>
      <ReasonForm
        intent={d.locked ? "unlock" : "lock"}
        label={t("caseModeration.reason")}
        submit={d.locked ? t("caseModeration.unlock") : t("caseModeration.lock")}
      />
      <p>
        <Link to={`/moderation/history?item=case:${d.id}`}>{t("history.link")}</Link>
      </p>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
