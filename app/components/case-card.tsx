import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CaseCardData } from "~/models/case.server.ts";
import { formatDate } from "~/utils/format.ts";

export function CaseCardView({ card, headingLevel = 2 }: { card: CaseCardData; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation("cases");
  const H = `h${headingLevel}` as const;
  return (
    <article className="card case-card">
      <H>
        <Link to={`/cases/${card.slug}`}>{card.title}</Link>
      </H>
      <p className="meta">
        {card.base ? <Link to={`/bases/${card.base.slug}`}>{card.base.name}</Link> : null}
        {card.industry ? <> · {t(`bases:industries.${card.industry}`)}</> : null}
        {card.publishedAt ? (
          <>
            {" · "}
            <time dateTime={card.publishedAt}>{formatDate(card.publishedAt, i18n.language)}</time>
          </>
        ) : null}
      </p>
      <p className="case-card-summary">{card.summary}</p>
      <p className="meta">
        {card.topics.map((tp) => (
          <Link key={tp.slug} to={`/topics/${tp.slug}`} className="tag">
            {tp.name}
          </Link>
        ))}
        {card.isDemo ? <span className="tag tag-demo">{t("common:demo")}</span> : null}
      </p>
    </article>
  );
}
