// /about — the built-in About page (the footer can point elsewhere, /admin/site).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { tFor } from "~/i18n/i18n.server.ts";

export function loader({ context }: LoaderFunctionArgs) {
  const t = tFor(context.locale);
  return { meta: { title: `${t("privacy:pages.about.title")} · ${t("common:appName")}` } };
}

export default function AboutPage() {
  const { t } = useTranslation("privacy");
  return (
    <article className="prose" aria-labelledby="page-title">
      <h1 id="page-title">{t("pages.about.title")}</h1>
      <p>{t("pages.about.p1")}</p>
      <p>{t("pages.about.p2")}</p>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];
