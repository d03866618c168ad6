import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { requireAnonymous, safeRedirect } from "~/auth/guards.server.ts";
import { checkPassword } from "~/auth/password-policy.server.ts";
import { ErrorList, FormErrors, TextField } from "~/components/forms.tsx";
import { env } from "~/utils/env.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { signUp } from "~/models/user.server.ts";
import { consume, rateLimitMessage, retryAfterHeader } from "~/utils/rate-limit.server.ts";
import { DISPLAY_NAME_MAX, EMAIL_MAX, USERNAME_MAX, signupSchema } from "~/auth/account-fields.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { retryAfterHeaders } from "~/utils/route-headers.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  const t = tFor(context.locale);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  return { redirectTo, meta: { title: `${t("auth:signup.title")} · ${t("common:appName")}` } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const formData = await readForm(request, signupSchema());
  const submission = parseWithZod(formData, { schema: signupSchema(checkPassword) });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  // Every attempt counts, whatever its outcome (issue 10.4): the limit is what
  // stops anyone from probing which addresses have accounts.
  const limit = await consume([["signupIp", context.clientIp]]);
  if (!limit.ok) {
    return data(
      {
        result: submission.reply({
          formErrors: [rateLimitMessage(context.locale, limit.retryAfterMs)],
          hideFields: ["password"],
        }),
      },
      { status: 429, headers: retryAfterHeader(limit.retryAfterMs) },
    );
  }
  // The owner of an existing address hears of it at most once an hour, however many try.
  const notifyExisting = (await consume([["signupNotice", submission.value.email]])).ok;
  const result = await signUp(
    { ...submission.value, privacyPolicyVersion: env().PRIVACY_POLICY_VERSION },
    context.locale,
    { notifyExisting },
  );
  if (result.kind === "username-taken") {
    // Usernames are public (/u/<name>): saying so reveals nothing about addresses.
    return data(
      {
        result: submission.reply({
          fieldErrors: { username: ["auth:errors.usernameTaken"] },
          hideFields: ["password"],
        }),
      },
      { status: 400 },
    );
  }
  // A new account and an address that already has one get the same answer, byte
  // for byte: no session is started here (the new member logs in, after opening
  // the mail if they like), and the mail says what happened to the address's owner.
  const redirectTo = safeRedirect(submission.value.redirectTo, "");
  const next = new URLSearchParams({ notice: "sent" });
  if (redirectTo) next.set("redirectTo", redirectTo);
  return redirect(`/verify-email?${next}`, 303);
}

export default function SignupPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "signup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(signupSchema()),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signupSchema() }),
  });
  const loginHref = redirectTo ? `/login?${new URLSearchParams({ redirectTo })}` : "/login";
  return (
    <div className="form-card auth-card">
      <h1>{t("signup.title")}</h1>
      <p className="meta">{t("signup.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <TextField
          field={fields.email}
          label={t("signup.email")}
          type="email"
          autoComplete="email"
          maxLength={EMAIL_MAX}
          hint={t("signup.emailHint")}
        />
        <TextField
          field={fields.username}
          label={t("signup.username")}
          autoComplete="username"
          maxLength={USERNAME_MAX}
          hint={t("signup.usernameHint")}
        />
        <TextField
          field={fields.displayName}
          label={t("signup.displayName")}
          autoComplete="name"
          maxLength={DISPLAY_NAME_MAX}
          hint={t("signup.displayNameHint")}
        />
        <TextField
          field={fields.password}
          label={t("signup.password")}
          type="password"
          autoComplete="new-password"
          hint={t("signup.passwordHint")}
        />
        <ConsentField field={fields.privacyConsent} />
        <button type="submit" disabled={busy}>
          {t("signup.submit")}
        </button>
      </Form>
      <p className="auth-alt">
        {t("signup.haveAccount")} <Link to={loginHref}>{t("signup.loginLink")}</Link>
      </p>
    </div>
  );
}

/** The required privacy-policy checkbox; its link opens the policy in a new tab so the form keeps what was typed. */
function ConsentField({ field }: { field: Parameters<typeof getInputProps>[0] }) {
  const { key, ...props } = getInputProps(field, { type: "checkbox" });
  return (
    <div className="field">
      <label className="checkbox" htmlFor={field.id}>
        <input key={key} {...props} required />
        <Trans
          i18nKey="privacy:consent.label"
          // Trans puts the translated link text inside the anchor.
          // eslint-disable-next-line jsx-a11y/anchor-has-content
          components={[<a key="policy" href="/privacy" target="_blank" rel="noopener" />]}
        />
      </label>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];

/** A 429 from the form carries Retry-After to the browser too (issue 10.5). */
export const headers = retryAfterHeaders;
