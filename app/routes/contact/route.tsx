// /contact — the operator's contact address (SITE_CONTACT_EMAIL, or /admin/site).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { tFor } from "~/i18n/i18n.server.ts";
import { siteFooter } from "~/models/site-footer.server.ts";

export async function loader({ context }: LoaderFunctionArgs) {
  const t = tFor(context.locale);
  return {
    email: (await siteFooter()).contactEmail,
    meta: { title: `${t("privacy:pages.contact.title")} · ${t("common:appName")}` },
  };
}

export default function ContactPage() {
  const { email } = useLoaderData<typeof loader>();
  const { t } = useTranslation("privacy");
  return (
    <article className="prose" aria-labelledby="page-title">
      <h1 id="page-title">{t("pages.contact.title")}</h1>
      {email ? (
        <>
          <p>{t("pages.contact.p1")}</p>
          <p>
            <a href={`mailto:${email}`}>{email}</a>
          </p>
        </>
      ) : (
        <p>{t("pages.contact.none")}</p>
      )}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];
