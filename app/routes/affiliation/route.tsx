// /affiliation: a member asks to be recognized as working for a base, sees the
// state of their request and can withdraw it while it is pending.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { useTranslation } from "react-i18next";
import { forbidden, requireUser } from "~/auth/guards.server.ts";
import { can } from "~/auth/permissions.ts";
import { ErrorList, FormErrors, TextareaField } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { affiliationState, requestAffiliation, withdrawAffiliation } from "~/models/affiliation.server.ts";
import { listBaseOptions, type BaseOption } from "~/models/base.server.ts";
import { PROVINCES } from "~/models/province.ts";
import { Time } from "~/components/time.tsx";
import { AffiliationRequestSchema } from "./schema.ts";
import { readForm } from "~/utils/form-body.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const t = tFor(context.locale);
  const state = await affiliationState(user.id);
  // The picker is only needed when the member can file a request now.
  const canRequest = user.emailVerified && !state.pending;
  const bases = canRequest ? await listBaseOptions() : [];
  const wanted = new URL(request.url).searchParams.get("base");
  return {
    emailVerified: user.emailVerified,
    state,
    bases,
    preselect: wanted && bases.some((b) => b.slug === wanted) ? wanted : null,
    meta: { title: `${t("bases:affiliation.title")} · ${t("appName")}` },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  if (!can(user, "request:affiliation:own")) throw forbidden("permission");
  if (!user.emailVerified) throw forbidden("email-unverified");
  const formData = await readForm(request, AffiliationRequestSchema, ["intent", "requestId"]);
  if (formData.get("intent") === "withdraw") {
    const requestId = String(formData.get("requestId") ?? "");
    const ok = await withdrawAffiliation(user.id, requestId);
    return ok
      ? redirect("/affiliation?done=withdrawn")
      : data({ result: null, error: "bases:errors.notPending" }, { status: 409 });
  }
  const submission = parseWithZod(formData, { schema: AffiliationRequestSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), error: null }, { status: 400 });
  }
  const result = await requestAffiliation(user.id, {
    baseSlug: submission.value.base,
    message: submission.value.message,
  });
  if (!result.ok) {
    const status = result.error === "base-not-found" ? 400 : 409;
    return data(
      { result: submission.reply({ formErrors: [`bases:errors.${result.error}`] }), error: null },
      { status },
    );
  }
  return redirect("/affiliation?done=sent");
}

function groupByProvince(bases: BaseOption[]) {
  const groups = new Map<string, BaseOption[]>();
  for (const p of PROVINCES) groups.set(p, []);
  for (const b of bases) groups.get(b.province)?.push(b);
  return [...groups.entries()].filter(([, list]) => list.length > 0);
}

function RequestForm({ bases, preselect }: { bases: BaseOption[]; preselect: string | null }) {
  const { t, i18n } = useTranslation("bases");
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const en = i18n.language === "en";
  const [form, fields] = useForm({
    id: "affiliation-request",
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
    defaultValue: { base: preselect ?? "" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AffiliationRequestSchema }),
  });
  const { key: selectKey, ...selectProps } = getSelectProps(fields.base);
  return (
    <Form method="post" {...getFormProps(form)} className="form-card">
      <h2 id="affiliation-new">{t("affiliation.newTitle")}</h2>
      <FormErrors errors={form.errors} />
      <div className="field">
        <label htmlFor={fields.base.id}>{t("affiliation.base")}</label>
        <select key={selectKey} {...selectProps} aria-describedby={`${fields.base.id}-hint ${fields.base.errorId}`}>
          <option value="">{t("affiliation.chooseBase")}</option>
          {groupByProvince(bases).map(([province, list]) => (
            <optgroup key={province} label={t(`provinces.${province}`)}>
              {list.map((b) => (
                <option key={b.id} value={b.slug}>
                  {en ? b.nameEn : b.nameZh}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <p id={`${fields.base.id}-hint`} className="field-hint">
          {t("affiliation.baseHint")} <Link to="/bases">{t("affiliation.browseDirectory")}</Link>
        </p>
        <ErrorList id={fields.base.errorId} errors={fields.base.errors} />
      </div>
      <TextareaField
        field={fields.message}
        label={t("affiliation.message")}
        hint={t("affiliation.messageHint")}
        maxLength={500}
      />
      <button type="submit" disabled={navigation.state === "submitting"}>
        {t("affiliation.submit")}
      </button>
    </Form>
  );
}

export default function AffiliationPage() {
  const { emailVerified, state, bases, preselect } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("bases");
  const en = i18n.language === "en";
  const done = params.get("done");
  const name = (b: { nameZh: string; nameEn: string }) => (en ? b.nameEn : b.nameZh);
  const history = state.requests.filter((r) => r.id !== state.pending?.id);
  return (
    <>
      <h1>{t("affiliation.title")}</h1>
      <p className="meta">{t("affiliation.intro")}</p>
      {done === "sent" ? (
        <p className="notice" role="status">
          {t("affiliation.sent")}
        </p>
      ) : done === "withdrawn" ? (
        <p className="notice" role="status">
          {t("affiliation.withdrawn")}
        </p>
      ) : null}
      {actionData?.error ? <FormErrors errors={[actionData.error]} /> : null}

      <section aria-labelledby="affiliation-current" className="stack">
        <h2 id="affiliation-current">{t("affiliation.currentTitle")}</h2>
        {state.verifiedBase ? (
          <p>
            {t("affiliation.verifiedAt")}{" "}
            <Link to={`/bases/${state.verifiedBase.slug}`}>{name(state.verifiedBase)}</Link>{" "}
            <span className="badge-verified">{t("common:verifiedBadge")}</span>
          </p>
        ) : (
          <p>{t("affiliation.none")}</p>
        )}
        {state.pending ? (
          <div className="card">
            <p>
              <span className="status status-pending">{t("affiliation.status.pending")}</span>{" "}
              <Link to={`/bases/${state.pending.base.slug}`}>{name(state.pending.base)}</Link>
            </p>
            <p className="meta">
              {t("affiliation.submittedAt")} <Time value={state.pending.createdAt} />
            </p>
            <p className="prose">{state.pending.message}</p>
            <Form method="post">
              <input type="hidden" name="requestId" value={state.pending.id} />
              <button type="submit" name="intent" value="withdraw" className="button-secondary">
                {t("affiliation.withdraw")}
              </button>
            </Form>
          </div>
        ) : null}
      </section>

      {!emailVerified ? (
        <p className="warning">
          {t("affiliation.verifyEmailFirst")} <Link to="/settings">{t("affiliation.goToSettings")}</Link>
        </p>
      ) : !state.pending ? (
        <RequestForm bases={bases} preselect={preselect} />
      ) : (
        <p className="meta">{t("affiliation.onePending")}</p>
      )}

      {history.length ? (
        <section aria-labelledby="affiliation-history">
          <h2 id="affiliation-history">{t("affiliation.historyTitle")}</h2>
          <ul className="plain-list stack">
            {history.map((r) => (
              <li key={r.id} className="card">
                <p>
                  <span className={`status status-${r.status}`}>{t(`affiliation.status.${r.status}`)}</span>{" "}
                  <Link to={`/bases/${r.base.slug}`}>{name(r.base)}</Link>
                </p>
                <p className="meta">
                  {t("affiliation.submittedAt")} <Time value={r.createdAt} />
                  {r.reviewedAt ? (
                    <>
                      {" · "}
                      {t("affiliation.reviewedAt")} <Time value={r.reviewedAt} />
                    </>
                  ) : null}
                </p>
                {r.status === "rejected" && r.reviewReason ? (
                  <p>
                    <strong>{t("affiliation.reason")}</strong> {r.reviewReason}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
