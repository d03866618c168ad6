// /affiliation: a member asks to be recognized as working for a base, sees the
// state of their request and can withdraw it while it is pending.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { forbidden, requireUser } from "~/auth/guards.server.ts";
import { can } from "~/auth/permissions.ts";
import { ErrorList, FormErrors, TextareaField } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { affiliationState, requestAffiliation, withdrawAffiliation } from "~/models/affiliation.server.ts";
import { baseToPick, searchBasesToPick, type BasePick } from "~/models/base-picker.server.ts";
import { useHydrated } from "~/features/discussion/comment-form.tsx";
import { useBrowserLayoutEffect } from "~/features/discussion/keep-focus.ts";
import { BaseCombobox, type PickedBase } from "./base-combobox.tsx";
import { Time } from "~/components/time.tsx";
import { AffiliationRequestSchema } from "./schema.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { EvidenceError, removeEvidenceFiles, storeEvidence } from "~/models/affiliation-evidence.server.ts";
// Names the component uses come from the module the browser may load.
import { EVIDENCE_ACCEPT, MAX_EVIDENCE_BYTES } from "~/models/affiliation-evidence.ts";

const EVIDENCE_FIELD = "evidence";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const t = tFor(context.locale);
  const state = await affiliationState(user.id);
  // The picker is only needed when the member can file a request now. Without
  // JavaScript it is a search (?q=) and a list of the matches; with it, a combobox.
  const canRequest = user.emailVerified && !state.pending;
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 40);
  const wanted = url.searchParams.get("base");
  const en = context.locale === "en";
  const pick = (b: BasePick): PickedBase => ({
    slug: b.slug,
    name: en ? b.nameEn : b.nameZh,
    otherName: en ? b.nameZh : b.nameEn,
    city: en ? b.cityEn : b.cityZh,
  });
  const preselected = canRequest && wanted && /^[a-z0-9-]{1,120}$/.test(wanted) ? await baseToPick(wanted) : null;
  return {
    emailVerified: user.emailVerified,
    state,
    q,
    results: canRequest && q ? (await searchBasesToPick(q)).map(pick) : [],
    preselect: preselected ? pick(preselected) : null,
    meta: { title: `${t("bases:affiliation.title")} · ${t("appName")}` },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  if (!can(user, "request:affiliation:own")) throw forbidden("permission");
  if (!user.emailVerified) throw forbidden("email-unverified");
  const formData = await readForm(request, AffiliationRequestSchema, ["intent", "requestId", EVIDENCE_FIELD]);
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
  // Optional evidence (a file input sends an empty, nameless file when nothing was chosen).
  const upload = formData.get(EVIDENCE_FIELD);
  let evidence: { key: string; name: string } | null = null;
  if (upload && typeof upload !== "string" && upload.size > 0) {
    try {
      if (upload.size > MAX_EVIDENCE_BYTES) throw new EvidenceError("tooLarge");
      evidence = await storeEvidence({ name: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) });
    } catch (e) {
      if (!(e instanceof EvidenceError)) throw e;
      return data(
        { result: submission.reply({ fieldErrors: { [EVIDENCE_FIELD]: [e.messageKey] } }), error: null },
        { status: e.code === "tooLarge" ? 413 : 400 },
      );
    }
  }
  const result = await requestAffiliation(user.id, {
    baseSlug: submission.value.base,
    message: submission.value.message,
    evidence,
  });
  if (!result.ok) {
    // Not filed: its file goes too.
    if (evidence) await removeEvidenceFiles([evidence.key]);
    const status = result.error === "base-not-found" ? 400 : 409;
    return data(
      { result: submission.reply({ formErrors: [`bases:errors.${result.error}`] }), error: null },
      { status },
    );
  }
  return redirect("/affiliation?done=sent");
}

function EvidenceField({ errors }: { errors: string[] | null | undefined }) {
  const { t } = useTranslation("bases");
  const invalid = Boolean(errors?.length);
  return (
    <div className="field">
      <label htmlFor="affiliation-evidence">
        {t("affiliation.evidence")} <span className="meta">({t("common:form.optional")})</span>
      </label>
      <input
        id="affiliation-evidence"
        name={EVIDENCE_FIELD}
        type="file"
        accept={EVIDENCE_ACCEPT}
        aria-describedby={`affiliation-evidence-hint${invalid ? " affiliation-evidence-error" : ""}`}
        aria-invalid={invalid || undefined}
      />
      <p id="affiliation-evidence-hint" className="field-hint">
        {t("affiliation.evidenceHint", { mb: MAX_EVIDENCE_BYTES / 1024 / 1024 })}
      </p>
      <ErrorList id="affiliation-evidence-error" errors={errors ?? undefined} />
    </div>
  );
}

function EvidenceLink({ requestId, name }: { requestId: string; name: string | null }) {
  const { t } = useTranslation("bases");
  if (!name) return null;
  return (
    <p className="meta">
      {t("affiliation.evidenceAttached")} <a href={`/affiliation/evidence/${requestId}`}>{name}</a>
    </p>
  );
}

function RequestForm({ q, results, preselect }: { q: string; results: PickedBase[]; preselect: PickedBase | null }) {
  const { t } = useTranslation("bases");
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const [form, fields] = useForm({
    id: "affiliation-request",
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
    defaultValue: { base: preselect?.slug ?? "" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AffiliationRequestSchema }),
  });
  const hintId = `${fields.base.id}-hint`;
  // Checked on the server only (the bytes decide); Conform keeps its errors under the field's name.
  const evidenceErrors = navigation.state === "idle" ? actionData?.result?.error?.[EVIDENCE_FIELD] : undefined;
  const invalid = Boolean(fields.base.errors?.length);
  const picks = [...(preselect && !results.some((r) => r.slug === preselect.slug) ? [preselect] : []), ...results];
  // What someone typed into the search box, or picked from the list, before the page was interactive
  // (a slow phone): at hydration both give way to the combobox, which would start empty. Read from the
  // page as it hydrates (a layout effect, before the swap) and handed to the combobox.
  const [early, setEarly] = useState<{ q: string; base: PickedBase | null; focused: boolean } | null>(null);
  useBrowserLayoutEffect(() => {
    const box = document.getElementById("base-q") as HTMLInputElement | null;
    const checked = document.querySelector<HTMLInputElement>(`#${form.id} input[name="${fields.base.name}"]:checked`);
    const initialSlug = fields.base.initialValue ?? preselect?.slug;
    const base =
      checked && checked.value !== initialSlug ? (picks.find((b) => b.slug === checked.value) ?? null) : null;
    const typed = box && box.value !== q ? box.value : null;
    if (base || typed !== null) setEarly({ q: typed ?? "", base, focused: document.activeElement === box });
  }, []); // once, at hydration: later input reaches the combobox itself
  return (
    <>
      {!hydrated ? (
        // Without JavaScript: search, then pick from the list below (inside the request form).
        <Form method="get" className="base-search-nojs" role="search" aria-label={t("onboarding:baseSearch.label")}>
          <label htmlFor="base-q">{t("onboarding:baseSearch.label")}</label>
          <input id="base-q" name="q" type="search" defaultValue={q} maxLength={40} aria-describedby="base-q-hint" />
          <p id="base-q-hint" className="field-hint">
            {t("onboarding:baseSearch.hint")}
          </p>
          <button type="submit" className="button-secondary">
            {t("onboarding:baseSearch.submit")}
          </button>
        </Form>
      ) : null}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="form-card">
        <h2 id="affiliation-new">{t("affiliation.newTitle")}</h2>
        <FormErrors errors={form.errors} />
        {hydrated ? (
          <div className="field">
            <label htmlFor={`${fields.base.id}-combobox`}>{t("affiliation.base")}</label>
            <BaseCombobox
              key={early ? "early" : "initial"}
              name={fields.base.name}
              inputId={`${fields.base.id}-combobox`}
              label={t("affiliation.base")}
              hintId={hintId}
              errorId={fields.base.errorId}
              invalid={invalid}
              initial={early?.base ?? preselect ?? results.find((r) => r.slug === fields.base.initialValue) ?? null}
              initialQuery={early && !early.base ? early.q : undefined}
              autoFocus={early?.focused}
            />
            <p id={hintId} className="field-hint">
              {t("onboarding:baseSearch.hint")} <Link to="/bases">{t("affiliation.browseDirectory")}</Link>
            </p>
            <ErrorList id={fields.base.errorId} errors={fields.base.errors} />
          </div>
        ) : (
          <fieldset
            className="field"
            aria-describedby={`${hintId} ${fields.base.errorId}`}
            aria-invalid={invalid || undefined}
          >
            <legend>{t("affiliation.base")}</legend>
            {picks.map((b) => (
              <label key={b.slug} className="choice">
                <input
                  type="radio"
                  name={fields.base.name}
                  value={b.slug}
                  defaultChecked={b.slug === (fields.base.initialValue ?? preselect?.slug)}
                />{" "}
                {b.name} <span className="meta">{b.otherName}</span> <span className="meta">{b.city}</span>
              </label>
            ))}
            <p id={hintId} className="field-hint">
              {q && results.length === 0
                ? t("onboarding:baseSearch.none", { q })
                : q
                  ? t("onboarding:baseSearch.pick")
                  : t("onboarding:baseSearch.searchFirst")}{" "}
              <Link to="/bases">{t("affiliation.browseDirectory")}</Link>
            </p>
            <ErrorList id={fields.base.errorId} errors={fields.base.errors} />
          </fieldset>
        )}
        <TextareaField
          field={fields.message}
          label={t("affiliation.message")}
          hint={t("affiliation.messageHint")}
          maxLength={500}
        />
        <EvidenceField errors={evidenceErrors} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("affiliation.submit")}
        </button>
      </Form>
    </>
  );
}

export default function AffiliationPage() {
  const { emailVerified, state, q, results, preselect } = useLoaderData<typeof loader>();
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
            <EvidenceLink requestId={state.pending.id} name={state.pending.evidenceName} />
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
        <RequestForm q={q} results={results} preselect={preselect} />
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
                <EvidenceLink requestId={r.id} name={r.evidenceName} />
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
