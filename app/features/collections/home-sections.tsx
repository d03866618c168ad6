// The home page's curation sections: open calls for cases, featured collections.
import { AppLink } from "~/components/app-link.tsx";
import { useTranslation } from "react-i18next";
import { CaseCardList } from "~/components/case-card.tsx";
import type { CaseCardData } from "~/models/case.server.ts";
import { CallList, type CallListItem } from "~/features/calls/call-list.tsx";

export function CurationSections({
  calls,
  collections,
}: {
  calls: CallListItem[];
  collections: Array<{ slug: string; title: string; count: number; cases: CaseCardData[] }>;
}) {
  const { t } = useTranslation("collections");
  return (
    <>
      {calls.length ? (
        <section aria-labelledby="home-calls" className="home-calls">
          <h2 id="home-calls">{t("calls:home.heading")}</h2>
          <CallList calls={calls} />
          <p>
            <AppLink to="/calls">{t("calls:home.all")}</AppLink>
          </p>
        </section>
      ) : null}
      {collections.length ? (
        <section aria-labelledby="home-typical" className="home-typical">
          <h2 id="home-typical">{t("home.heading")}</h2>
          {collections.map((c) => (
            <div key={c.slug} className="home-collection">
              <h3>
                <AppLink to={`/collections/${c.slug}`}>{c.title}</AppLink>{" "}
                <span className="meta">({t("caseCount", { count: c.count })})</span>
              </h3>
              <CaseCardList cards={c.cases} id={`collection-${c.slug}-cases`} headingLevel={3} className="grid" />
            </div>
          ))}
          <p>
            <AppLink to="/collections">{t("home.all")}</AppLink>
          </p>
        </section>
      ) : null}
    </>
  );
}
