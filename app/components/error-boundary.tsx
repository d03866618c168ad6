// The one error boundary. It shows a translated page for 404, 403 and anything
// else, and never the error's message or stack: those go to the server log.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorKind } from "~/utils/error-kind.ts";

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("errors");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = errorKind(status);
  if (typeof document !== "undefined" && !isRouteErrorResponse(error)) console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">{status}</p>
      <h1 id="error-title">{t(`${kind}.title`)}</h1>
      <p>{t(`${kind}.body`)}</p>
      <p>
        <Link to="/">{t("backHome")}</Link>
      </p>
    </section>
  );
}
