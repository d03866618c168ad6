// /settings/delete — the member deletes their account (PIPL, ADR 037), after
// typing their password again. Personal fields are erased, every session ends,
// the email address is freed; what they published stays, as by a "deleted
// member". Afterwards the page (no longer signed in) confirms it.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server.ts";
import { blankSessionCookie } from "~/auth/session.server.ts";
import { PASSWORD_MAX } from "~/auth/account-fields.ts";
import { FormErrors, TextField } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { deleteAccount } from "~/models/account-privacy.server.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { consume, rateLimitMessage, reset, retryAfterHeader } from "~/utils/rate-limit.server.ts";
import { retryAfterHeaders } from "~/utils/route-headers.ts";

const schema = z.object({
  password: z
    .string({ required_error: "privacy:delete.errors.passwordRequired" })
    .min(1, "privacy:delete.errors.passwordRequired")
    .max(PASSWORD_MAX, "auth:errors.passwordTooLong"),
});

export function loader({ context, request }: LoaderFunctionArgs) {
  const t = tFor(context.locale);
  const meta = { title: `${t("privacy:delete.title")} · ${t("common:appName")}` };
  // After the deletion the visitor is signed out: the page only confirms it.
  if (!context.user && new URL(request.url).searchParams.get("done") === "1") return { done: true, meta };
  requireUser(context, request);
  return { done: false, meta };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const submission = parseWithZod(await readForm(request, schema), { schema });
  const hideFields = ["password"];
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields }) }, { status: 400 });
  // Wrong passwords count like failed logins, so this form cannot be used to guess.
  const limit = await consume([
    ["loginPair", `${user.id}|ip:${context.clientIp}`],
    ["loginIp", context.clientIp],
  ]);
  if (!limit.ok) {
    return data(
      { result: submission.reply({ formErrors: [rateLimitMessage(context.locale, limit.retryAfterMs)], hideFields }) },
      { status: 429, headers: retryAfterHeader(limit.retryAfterMs) },
    );
  }
  const outcome = await deleteAccount(user.id, submission.value.password);
  if (outcome === "wrong-password") {
    return data(
      { result: submission.reply({ fieldErrors: { password: ["privacy:delete.errors.wrongPassword"] }, hideFields }) },
      { status: 400 },
    );
  }
  if (outcome === "last-admin") {
    return data(
      { result: submission.reply({ formErrors: ["privacy:delete.errors.lastAdmin"], hideFields }) },
      { status: 409 },
    );
  }
  await reset("loginPair", `${user.id}|ip:${context.clientIp}`);
  return redirect("/settings/delete?done=1", {
    headers: { "Set-Cookie": blankSessionCookie({ secure: context.secure }) },
  });
}

export default function DeleteAccountPage() {
  const { done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("privacy");
  const [form, fields] = useForm({
    id: "delete-account",
    lastResult: actionData?.result,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  if (done) {
    return (
      <div className="form-card">
        <h1>{t("delete.title")}</h1>
        <p className="notice" role="status">
          {t("delete.done")}
        </p>
      </div>
    );
  }
  return (
    <div className="form-card danger-zone">
      <h1>{t("delete.title")}</h1>
      <p>
        <strong>{t("delete.intro")}</strong>
      </p>
      <p>{t("delete.what")}</p>
      <p>
        <Link to="/settings#settings-data-title">{t("delete.exportFirst")}</Link>
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <TextField
          field={fields.password}
          label={t("delete.password")}
          type="password"
          autoComplete="current-password"
          hint={t("delete.passwordHint")}
        />
        <p className="actions">
          <button type="submit" className="button-danger">
            {t("delete.submit")}
          </button>
          <Link to="/settings">{t("delete.cancel")}</Link>
        </p>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];

/** A 429 carries Retry-After to the browser too (issue 10.5). */
export const headers = retryAfterHeaders;
