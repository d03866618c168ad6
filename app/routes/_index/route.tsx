import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BaseCardView } from "~/components/base-card.tsx";
import { countBases, featuredBases } from "~/models/base.server.ts";

export async function loader(_: LoaderFunctionArgs) {
  const [bases, total] = await Promise.all([featuredBases(6), countBases()]);
  return { bases, total };
}

export default function Home() {
  const { bases, total } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p>{t("home.intro")}</p>
        <p className="actions">
          <Link to="/bases" className="button">
            {t("home.browseBases")}
          </Link>
        </p>
      </section>
      <section aria-labelledby="home-bases">
        <h2 id="home-bases">{t("home.featuredBases")}</h2>
        <div className="grid">
          {bases.map((b) => (
            <BaseCardView key={b.id} base={b} />
          ))}
        </div>
        <p>
          <Link to="/bases">
            {t("home.allBases")} ({total})
          </Link>
        </p>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined)?.locale;
  return [
    { title: locale === "en" ? "Base Experience Exchange" : "基地经验交流平台" },
    {
      name: "description",
      content:
        locale === "en"
          ? "Best-practice case studies from China's national foreign trade transformation and upgrading bases."
          : "国家外贸转型升级基地典型经验案例交流平台。",
    },
  ];
};
