import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { safeRedirect } from "~/auth/guards.server.ts";
import { endSession, startSession } from "~/auth/session.server.ts";
import { FormErrors, TextField } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { checkLogin, userIdForLogin } from "~/models/user.server.ts";
import { knownDeviceId, rememberDevice } from "~/auth/login-device.server.ts";
import { beginLoginAttempt } from "~/auth/login-throttle.server.ts";
import { rateLimitMessage, retryAfterHeader } from "~/utils/rate-limit.server.ts";
import { LOGIN_MAX, loginSchema } from "~/auth/account-fields.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { retryAfterHeaders } from "~/utils/route-headers.ts";

const NOTICES = {
  "password-reset": "auth:login.notice.passwordReset",
  "logged-out-everywhere": "auth:login.notice.loggedOutEverywhere",
  "logged-out": "auth:login.notice.loggedOut",
} as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const redirectTo = safeRedirect(params.get("redirectTo"), "");
  if (context.user) throw redirect(redirectTo || "/");
  const t = tFor(context.locale);
  const notice = NOTICES[params.get("notice") as keyof typeof NOTICES] ?? null;
  return { redirectTo, notice, meta: { title: `${t("auth:login.title")} · ${t("common:appName")}` } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, loginSchema);
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { login, password } = submission.value;
  const redirectTo = safeRedirect(submission.value.redirectTo, "/");

  // Guessing is limited per (account, place) with a per-account back-off; a
  // browser holding this account's device token is the owner's and may always
  // try (ADR 018). Points are claimed before the password is checked.
  const userId = await userIdForLogin(login);
  const attempt = await beginLoginAttempt({
    account: userId ?? `name:${login}`,
    ip: context.clientIp,
    deviceId: userId ? knownDeviceId(request.headers.get("cookie"), userId) : null,
  });
  if (!attempt.ok) {
    return data(
      {
        result: submission.reply({
          formErrors: [rateLimitMessage(context.locale, attempt.retryAfterMs)],
          hideFields: ["password"],
        }),
      },
      { status: 429, headers: retryAfterHeader(attempt.retryAfterMs) },
    );
  }

  const result = await checkLogin(login, password);
  if (!result.ok) {
    const error = result.reason === "suspended" ? "auth:errors.suspended" : "auth:errors.invalidCredentials";
    return data(
      { result: submission.reply({ formErrors: [error], hideFields: ["password"] }) },
      { status: result.reason === "suspended" ? 403 : 400 },
    );
  }
  await attempt.succeeded();
  // Logging in again on the same browser replaces its session.
  if (context.sessionId) await endSession(context.sessionId);
  const cookie = await startSession(result.userId, {
    secure: context.secure,
    userAgent: request.headers.get("user-agent"),
  });
  const device = rememberDevice(request.headers.get("cookie"), result.userId, context.secure);
  return redirect(redirectTo, {
    headers: [
      ["Set-Cookie", cookie],
      ["Set-Cookie", device],
    ],
  });
}

export default function LoginPage() {
  const { redirectTo, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    constraint: getZodConstraint(loginSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  const keep = redirectTo ? `?${new URLSearchParams({ redirectTo })}` : "";
  return (
    <div className="form-card auth-card">
      <h1>{t("login.title")}</h1>
      {notice && !actionData ? (
        <p className="notice" role="status">
          {t(notice)}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <TextField field={fields.login} label={t("login.login")} autoComplete="username" maxLength={LOGIN_MAX} />
        <TextField
          field={fields.password}
          label={t("login.password")}
          type="password"
          autoComplete="current-password"
        />
        <p className="auth-alt">
          <Link to="/forgot-password">{t("login.forgot")}</Link>
        </p>
        <button type="submit" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
      <p className="auth-alt">
        {t("login.noAccount")} <Link to={`/signup${keep}`}>{t("login.signupLink")}</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];

/** A 429 from the form carries Retry-After to the browser too (issue 10.5). */
export const headers = retryAfterHeaders;
