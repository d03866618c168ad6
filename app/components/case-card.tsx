import { AppLink } from "~/components/app-link.tsx";
import { useTranslation } from "react-i18next";
import type { CaseCardData } from "~/models/case.server.ts";
import { formatDate } from "~/utils/format.ts";

export function CaseCardView({ card, headingLevel = 2 }: { card: CaseCardData; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation("cases");
  const H = `h${headingLevel}` as const;
  const page = i18n.language;
  const langIfOther = (l: string) => (l !== page ? l : undefined);
  // Which readers can read it (issue 12.2): English readers see whether a case is
  // in English; Chinese readers see which cases also have an English version.
  const inEnglish = card.availableIn.includes("en");
  const availability =
    page === "en"
      ? t(inEnglish ? "language:availability.inEnglish" : "language:availability.inChinese")
      : inEnglish
        ? t("language:availability.hasEnglish")
        : null;
  return (
    <article className="card case-card">
      <H>
        <AppLink to={`/cases/${card.slug}`} lang={langIfOther(card.titleLang)}>
          {card.title}
        </AppLink>
      </H>
      <p className="meta">
        {card.base ? <AppLink to={`/bases/${card.base.slug}`}>{card.base.name}</AppLink> : null}
        {card.industry ? <> · {t(`bases:industries.${card.industry}`)}</> : null}
        {card.publishedAt ? (
          <>
            {" · "}
            <time dateTime={card.publishedAt}>{formatDate(card.publishedAt, i18n.language)}</time>
          </>
        ) : null}
      </p>
      <p className="case-card-summary" lang={langIfOther(card.summaryLang)}>
        {card.summary}
      </p>
      <p className="meta">
        {card.topics.map((tp) => (
          <AppLink key={tp.slug} to={`/topics/${tp.slug}`} className="tag">
            {tp.name}
          </AppLink>
        ))}
        {availability ? (
          <span className={inEnglish ? "tag tag-language" : "tag tag-language tag-language-missing"}>
            {availability}
          </span>
        ) : null}
        {card.isDemo ? <span className="tag tag-demo">{t("common:demo")}</span> : null}
      </p>
    </article>
  );
}
