import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser, safeRedirect } from "~/auth/guards.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { verifyEmail } from "~/models/user.server.ts";
import { resendVerificationMail } from "~/auth/resend-verification.server.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { passHeaders } from "~/utils/route-headers.ts";

type State = "verified" | "already" | "invalid" | "sent" | "none";

// The link in the mail is a GET: it consumes the token (single use, 24 h). A mail
// scanner that follows it first still proves the address receives mail.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const t = tFor(context.locale);
  const token = params.get("token");
  const redirectTo = safeRedirect(params.get("redirectTo"), "");
  let state: State = "none";
  let status = 200;
  if (token) {
    const userId = token.length <= 100 ? await verifyEmail(token) : null;
    if (userId) state = "verified";
    else if (context.user?.emailVerified) state = "already";
    else {
      state = "invalid";
      status = 400;
    }
  } else if (context.user?.emailVerified) {
    state = "already";
  } else if (params.get("notice") === "sent") {
    state = "sent";
  }
  return data(
    {
      state,
      redirectTo,
      email: context.user && !context.user.emailVerified && state !== "verified" ? context.user.email : null,
      signedIn: !!context.user,
      // Publishing also needs an approved base affiliation (issue 12.9): a member without one is
      // told so and taken to the request rather than home.
      needsAffiliation: !context.user?.baseVerified,
      meta: { title: `${t("auth:verify.title")} · ${t("common:appName")}` },
    },
    { status, headers: { "Referrer-Policy": "no-referrer" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  // The resend form has no fields; anything posted is refused before it is read (ADR 017).
  await readForm(request, []);
  const user = requireUser(context, request);
  const outcome = await resendVerificationMail(context, user);
  if (outcome.status === "limited")
    return data({ outcome: outcome.status, error: outcome.message }, { status: 429, headers: outcome.headers });
  return { outcome: outcome.status, error: null };
}

export default function VerifyEmailPage() {
  const { state, email, redirectTo, signedIn, needsAffiliation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const onboarding = needsAffiliation && (state === "verified" || state === "already");
  const next = redirectTo || (onboarding ? "/affiliation" : "/");
  return (
    <div className="form-card auth-card">
      <h1>{state === "sent" ? t("verify.sentTitle") : t("verify.title")}</h1>
      {state === "verified" ? (
        <p className="notice" role="status">
          {onboarding ? t("onboarding:verified.emailConfirmed") : t("verify.success")}
        </p>
      ) : null}
      {onboarding ? <p>{t("onboarding:verified.needAffiliation")}</p> : null}
      {state === "already" ? (
        <p className="notice" role="status">
          {t("verify.already")}
        </p>
      ) : null}
      {state === "invalid" ? (
        <>
          <p className="form-error" role="alert">
            {t("verify.invalid")}
          </p>
          {!signedIn ? <p>{t("verify.invalidHelp")}</p> : null}
        </>
      ) : null}
      {state === "sent" ? (
        <p className="notice" role="status">
          {email ? t("verify.sent", { email }) : t("verify.sentAnonymous")}
        </p>
      ) : null}
      {actionData?.outcome === "sent" && email ? (
        <p className="notice" role="status">
          {t("verify.resent", { email })}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {email ? (
        <>
          <p>{t("verify.whyVerify")}</p>
          <Form method="post" className="actions">
            <button type="submit" className="button-secondary">
              {t("verify.resend")}
            </button>
          </Form>
        </>
      ) : null}
      <p className="actions auth-alt">
        {signedIn ? (
          <Link to={next} className="button">
            {onboarding && !redirectTo ? t("onboarding:verified.toAffiliation") : t("verify.continue")}
          </Link>
        ) : (
          // Sign-up starts no session (issue 10.4): the new member logs in from here.
          <Link to={next === "/" ? "/login" : `/login?${new URLSearchParams({ redirectTo: next })}`} className="button">
            {onboarding && !redirectTo ? t("onboarding:verified.logInToAffiliation") : t("verify.logIn")}
          </Link>
        )}
        {signedIn ? <Link to="/settings">{t("verify.toSettings")}</Link> : null}
      </p>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];

/** A 429 from the form carries Retry-After to the browser too (issue 10.5); the page keeps its token out of Referer. */
export const headers = passHeaders("Retry-After", "Referrer-Policy");
