import { AppLink } from "~/components/app-link.tsx";
import { buildPublicMeta } from "~/utils/page-meta.server.ts";
import { publicMeta } from "~/utils/page-meta.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BaseCardList } from "~/components/base-card.tsx";
import { CaseCardList } from "~/components/case-card.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { featuredBases } from "~/models/base.server.ts";
import { newestReadableFirst, toCaseCard } from "~/models/case.server.ts";
import { topicName, topicsWithCounts } from "~/models/topic.server.ts";
import { CurationSections } from "~/features/collections/home-sections.tsx";
import { curationForHome } from "~/features/collections/home-sections.server.ts";
import { inMarkupOnly } from "~/utils/markup-once.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const locale = context.locale;
  // One statement per region of the page (ADR 082): latest cases, topics, bases with their
  // count, the curation (open calls and featured collections).
  const [latest, topics, { bases, total: totalBases }, curation] = await Promise.all([
    // Language-aware "latest" (issue 12.12): cases this reader can read come first.
    newestReadableFirst(locale, 6),
    topicsWithCounts(),
    featuredBases(6),
    curationForHome(locale),
  ]);
  const t = tFor(locale);
  // The card lists travel in the markup only (ADR 072): a document's data leaves them out.
  for (const c of curation.collections) inMarkupOnly(c, ["cases"], context.document);
  return inMarkupOnly(
    {
      cases: latest.map((c) => toCaseCard(c, locale)),
      caseCount: latest.length,
      topics: topics.map((tp) => ({ slug: tp.slug, name: topicName(tp, locale), count: tp.count })),
      bases,
      totalBases,
      curation,
      meta: buildPublicMeta(request, locale, { heading: null, description: t("common:home.intro") }),
    },
    ["cases", "bases"],
    context.document,
  );
}

export default function Home() {
  const { cases, caseCount, topics, bases, totalBases, curation } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p>{t("home.intro")}</p>
        <p className="actions">
          <AppLink to="/cases" className="button">
            {t("home.browseCases")}
          </AppLink>
          <AppLink to="/cases/new" className="button button-secondary">
            {t("home.writeCase")}
          </AppLink>
        </p>
      </section>
      <CurationSections {...curation} />
      <div className="two-col">
        <section aria-labelledby="home-latest">
          <h2 id="home-latest">{t("home.latest")}</h2>
          {caseCount === 0 ? <p>{t("home.noCases")}</p> : null}
          <CaseCardList cards={cases} id="latest-cases" headingLevel={3} />
          <p>
            <AppLink to="/cases">{t("home.allCases")}</AppLink>
          </p>
        </section>
        <aside aria-labelledby="home-topics">
          <h2 id="home-topics">{t("home.topics")}</h2>
          <ul className="plain-list">
            {topics.map((tp) => (
              <li key={tp.slug}>
                <AppLink to={`/topics/${tp.slug}`}>{tp.name}</AppLink> <span className="meta">({tp.count})</span>
              </li>
            ))}
          </ul>
        </aside>
      </div>
      <section aria-labelledby="home-bases">
        <h2 id="home-bases">{t("home.featuredBases")}</h2>
        <BaseCardList bases={bases} id="featured-bases" />
        <p>
          <AppLink to="/bases">
            {t("home.allBases")} ({totalBases})
          </AppLink>
        </p>
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => publicMeta(data?.meta);
