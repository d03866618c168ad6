// The pages of the unsubscribe flow, shared by /unsubscribe and /unsubscribe/confirm.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface UnsubscribeQuestion {
  done: boolean;
  valid: boolean;
  token: string | null;
  email: string | null;
  alreadyOff: boolean;
}

export function UnsubscribeQuestionView({ q }: { q: UnsubscribeQuestion }) {
  const { t } = useTranslation("follow");
  if (q.done) return <UnsubscribeDone />;
  if (!q.valid || !q.token) return <InvalidUnsubscribe />;
  return (
    <section className="form-card unsubscribe" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">{t("unsubscribe.title")}</h1>
      {q.alreadyOff ? (
        <p role="status">{t("unsubscribe.alreadyOff")}</p>
      ) : (
        <>
          <p>{t("unsubscribe.body", { email: q.email })}</p>
          {/* A native POST: the target is a resource route that redirects back here. */}
          <Form method="post" action="/unsubscribe/confirm" reloadDocument>
            <input type="hidden" name="token" value={q.token} />
            <button type="submit">{t("unsubscribe.submit")}</button>
          </Form>
        </>
      )}
      <p className="meta">
        <Link to="/settings">{t("unsubscribe.settingsLink")}</Link>
      </p>
    </section>
  );
}

export function InvalidUnsubscribe() {
  const { t } = useTranslation("follow");
  return (
    <section className="form-card unsubscribe" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">{t("unsubscribe.invalidTitle")}</h1>
      <p role="alert">{t("unsubscribe.invalidBody")}</p>
      <p>
        <Link to="/settings">{t("unsubscribe.settingsLink")}</Link> · <Link to="/">{t("unsubscribe.home")}</Link>
      </p>
    </section>
  );
}

export function UnsubscribeDone() {
  const { t } = useTranslation("follow");
  return (
    <section className="form-card unsubscribe" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">{t("unsubscribe.doneTitle")}</h1>
      <p role="status">{t("unsubscribe.doneBody")}</p>
      <p>
        <Link to="/settings">{t("unsubscribe.settingsLink")}</Link> · <Link to="/">{t("unsubscribe.home")}</Link>
      </p>
    </section>
  );
}
