import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors, TextField } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { requestPasswordReset } from "~/models/user.server.ts";
import { consume, rateLimitMessage, retryAfterHeader } from "~/utils/rate-limit.server.ts";
import { EMAIL_MAX, emailField } from "~/auth/account-fields.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { retryAfterHeaders } from "~/utils/route-headers.ts";

const schema = z.object({ email: emailField });

export async function loader({ context }: LoaderFunctionArgs) {
  const t = tFor(context.locale);
  return { meta: { title: `${t("auth:forgot.title")} · ${t("common:appName")}` } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, schema);
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), sent: false }, { status: 400 });
  }
  // Keyed by the typed address whether or not it has an account, so the limit
  // itself reveals nothing either.
  const limit = await consume([
    ["resetAccount", submission.value.email],
    ["resetIp", context.clientIp],
  ]);
  if (!limit.ok) {
    return data(
      { result: submission.reply({ formErrors: [rateLimitMessage(context.locale, limit.retryAfterMs)] }), sent: false },
      { status: 429, headers: retryAfterHeader(limit.retryAfterMs) },
    );
  }
  await requestPasswordReset(submission.value.email, context.locale);
  // The same answer whether or not the address has an account.
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "forgot-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <div className="form-card auth-card">
      <h1>{t("forgot.title")}</h1>
      {actionData?.sent ? (
        <p className="notice" role="status">
          {t("forgot.sent")}
        </p>
      ) : (
        <p>{t("forgot.intro")}</p>
      )}
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <TextField
          field={fields.email}
          label={t("forgot.email")}
          type="email"
          autoComplete="email"
          maxLength={EMAIL_MAX}
        />
        <button type="submit" disabled={busy}>
          {t("forgot.submit")}
        </button>
      </Form>
      <p className="auth-alt">
        <Link to="/login">{t("forgot.backToLogin")}</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];

/** A 429 from the form carries Retry-After to the browser too (issue 10.5). */
export const headers = retryAfterHeaders;
