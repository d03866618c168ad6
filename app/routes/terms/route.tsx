// /terms — the built-in terms of use (the footer can point elsewhere, /admin/site).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { tFor } from "~/i18n/i18n.server.ts";

export function loader({ context }: LoaderFunctionArgs) {
  const t = tFor(context.locale);
  return { meta: { title: `${t("privacy:pages.terms.title")} · ${t("common:appName")}` } };
}

export default function TermsPage() {
  const { t } = useTranslation("privacy");
  return (
    <article className="prose" aria-labelledby="page-title">
      <h1 id="page-title">{t("pages.terms.title")}</h1>
      <p>{t("pages.terms.p1")}</p>
      <p>{t("pages.terms.p2")}</p>
      <p>{t("pages.terms.p3")}</p>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];
