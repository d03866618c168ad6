import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { checkPassword } from "~/auth/password-policy.server.ts";
import { blankSessionCookie } from "~/auth/session.server.ts";
import { FormErrors, TextField } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { resetPassword, resetTokenUsable, resetTokenUser } from "~/models/user.server.ts";
import { forgetLoginFailures } from "~/auth/login-throttle.server.ts";
import { addPasswordProblems, newPasswordField, type PasswordCheck } from "~/auth/account-fields.ts";
import { readForm } from "~/utils/form-body.server.ts";

function resetSchema(check?: PasswordCheck, about: { email?: string; username?: string } = {}) {
  return z
    .object({ token: z.string().max(100).optional(), password: newPasswordField(check) })
    .superRefine((v, ctx) => addPasswordProblems(ctx, check, "password", v.password, about));
}

// The token stays out of Referer headers sent to anything this page loads.
const noReferrer = { "Referrer-Policy": "no-referrer" };

// Showing the form does not consume the link; only setting the password does.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const t = tFor(context.locale);
  const usable = token.length > 0 && token.length <= 100 && (await resetTokenUsable(token));
  return data(
    { token: usable ? token : "", usable, meta: { title: `${t("auth:reset.title")} · ${t("common:appName")}` } },
    { status: usable ? 200 : 400, headers: noReferrer },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, resetSchema());
  const token = String(formData.get("token") ?? "");
  const user = token.length <= 100 ? await resetTokenUser(token) : null;
  if (!user) {
    return data({ result: null, invalid: true }, { status: 400 });
  }
  const submission = parseWithZod(formData, { schema: resetSchema(checkPassword, user) });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), invalid: false }, { status: 400 });
  }
  const userId = await resetPassword(token, submission.value.password);
  if (!userId) return data({ result: null, invalid: true }, { status: 400 });
  // A locked-out owner who proved access to the mailbox may log in again at once.
  await forgetLoginFailures(userId);
  // Every session of the account has ended, this browser's included.
  return redirect("/login?notice=password-reset", {
    headers: { "Set-Cookie": blankSessionCookie({ secure: context.secure }) },
  });
}

export default function ResetPasswordPage() {
  const { token, usable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "reset-password",
    lastResult: actionData?.result ?? undefined,
    constraint: getZodConstraint(resetSchema()),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetSchema() }),
  });
  if (!usable || actionData?.invalid) {
    return (
      <div className="form-card auth-card">
        <h1>{t("reset.title")}</h1>
        <p className="form-error" role="alert">
          {t("reset.invalid")}
        </p>
        <p>
          <Link to="/forgot-password" className="button">
            {t("reset.requestNew")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="form-card auth-card">
      <h1>{t("reset.title")}</h1>
      <p>{t("reset.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="token" value={token} />
        <TextField
          field={fields.password}
          label={t("reset.password")}
          type="password"
          autoComplete="new-password"
          hint={t("signup.passwordHint")}
        />
        <button type="submit" disabled={busy}>
          {t("reset.submit")}
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];

export const headers = () => noReferrer;
