// /privacy — the built-in privacy policy (PIPL). Its version (PRIVACY_POLICY_VERSION)
// is what sign-up records as agreed to; change it when the text changes.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { tFor } from "~/i18n/i18n.server.ts";
import { env } from "~/utils/env.server.ts";

export function loader({ context }: LoaderFunctionArgs) {
  const t = tFor(context.locale);
  return {
    version: env().PRIVACY_POLICY_VERSION,
    meta: { title: `${t("privacy:pages.privacy.title")} · ${t("common:appName")}` },
  };
}

export default function PrivacyPage() {
  const { version } = useLoaderData<typeof loader>();
  const { t } = useTranslation("privacy");
  return (
    <article className="prose" aria-labelledby="page-title">
      <h1 id="page-title">{t("pages.privacy.title")}</h1>
      <p className="meta">{t("pages.updated", { version })}</p>
      <p>{t("pages.privacy.p1")}</p>
      <h2>{t("pages.privacy.collectTitle")}</h2>
      <p>{t("pages.privacy.collect")}</p>
      <h2>{t("pages.privacy.useTitle")}</h2>
      <p>{t("pages.privacy.use")}</p>
      <h2>{t("pages.privacy.rightsTitle")}</h2>
      <p>{t("pages.privacy.rights")}</p>
      <p>
        <Link to="/contact">{t("pages.privacy.contact")}</Link>
      </p>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];
