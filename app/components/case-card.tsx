// A case's listing card, written two ways (ADR 064): <CaseCardView> for a card
// standing alone (the feed, a collection's items) and caseCardHtml, the same markup
// as a string, for the lists of the listing pages (home, /cases, bases, topics,
// profiles). A list of 20 cards was ~300 elements for React on every uncached
// render (each pushed with its attributes by the streaming renderer, and given a
// fiber when the browser hydrates); a card holds no state or handler (its links
// are followed by the document's AppLink click handler, ADR 056), so <CaseCardList>
// sets the whole list as one dangerouslySetInnerHTML element. The browser's first
// render writes the same string from the same loader data, so hydration matches.
// case-card.test.tsx checks that both writers give the same HTML.
import { AppLink } from "~/components/app-link.tsx";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { CaseCardData } from "~/models/case.server.ts";
import { esc, formatDate } from "~/utils/format.ts";
import { markupHtml } from "~/utils/markup-once.ts";

type HeadingLevel = 2 | 3;

/** What a card shows besides the card's own fields, for either writer. */
function cardParts(card: CaseCardData, t: TFunction, page: string) {
  // Which readers can read it (issue 12.2): English readers see whether a case is
  // in English; Chinese readers see which cases also have an English version.
  const inEnglish = card.availableIn.includes("en");
  const availability =
    page === "en"
      ? t(inEnglish ? "language:availability.inEnglish" : "language:availability.inChinese")
      : inEnglish
        ? t("language:availability.hasEnglish")
        : null;
  return {
    titleLang: card.titleLang !== page ? card.titleLang : undefined,
    summaryLang: card.summaryLang !== page ? card.summaryLang : undefined,
    industry: card.industry ? t(`bases:industries.${card.industry}`) : null,
    date: card.publishedAt ? formatDate(card.publishedAt, page) : null,
    availability,
    availabilityClass: inEnglish ? "tag tag-language" : "tag tag-language tag-language-missing",
    demo: card.isDemo ? t("common:demo") : null,
  };
}

export function CaseCardView({ card, headingLevel = 2 }: { card: CaseCardData; headingLevel?: HeadingLevel }) {
  const { t, i18n } = useTranslation("cases");
  const H = `h${headingLevel}` as const;
  const p = cardParts(card, t, i18n.language);
  return (
    <article className="card case-card">
      <H>
        <AppLink to={`/cases/${card.slug}`} lang={p.titleLang}>
          {card.title}
        </AppLink>
      </H>
      <p className="meta">
        {card.base ? <AppLink to={`/bases/${card.base.slug}`}>{card.base.name}</AppLink> : null}
        {p.industry !== null ? <> · {p.industry}</> : null}
        {card.publishedAt ? (
          <>
            {" · "}
            <time dateTime={card.publishedAt}>{p.date}</time>
          </>
        ) : null}
      </p>
      <p className="case-card-summary" lang={p.summaryLang}>
        {card.summary}
      </p>
      <p className="meta">
        {card.topics.map((tp) => (
          <AppLink key={tp.slug} to={`/topics/${tp.slug}`} className="tag">
            {tp.name}
          </AppLink>
        ))}
        {p.availability ? <span className={p.availabilityClass}>{p.availability}</span> : null}
        {p.demo !== null ? <span className="tag tag-demo">{p.demo}</span> : null}
      </p>
    </article>
  );
}

const langAttr = (lang: string | undefined) => (lang === undefined ? "" : ` lang="${esc(lang)}"`);

/** CaseCardView's markup as a string (AppLink's <a>: data-discover, then href). */
export function caseCardHtml(card: CaseCardData, headingLevel: HeadingLevel, t: TFunction, page: string): string {
  const p = cardParts(card, t, page);
  let s =
    `<article class="card case-card"><h${headingLevel}><a${langAttr(p.titleLang)} data-discover="true" href="/cases/${esc(card.slug)}">` +
    `${esc(card.title)}</a></h${headingLevel}><p class="meta">`;
  if (card.base) s += `<a data-discover="true" href="/bases/${esc(card.base.slug)}">${esc(card.base.name)}</a>`;
  if (p.industry !== null) s += ` · ${esc(p.industry)}`;
  if (card.publishedAt) s += ` · <time dateTime="${esc(card.publishedAt)}">${esc(p.date!)}</time>`;
  s += `</p><p class="case-card-summary"${langAttr(p.summaryLang)}>${esc(card.summary)}</p><p class="meta">`;
  for (const tp of card.topics)
    s += `<a class="tag" data-discover="true" href="/topics/${esc(tp.slug)}">${esc(tp.name)}</a>`;
  if (p.availability) s += `<span class="${p.availabilityClass}">${esc(p.availability)}</span>`;
  if (p.demo !== null) s += `<span class="tag tag-demo">${esc(p.demo)}</span>`;
  return `${s}</p></article>`;
}

/**
 * A list of cards as one element (ADR 064): `<div class={className}>` holding caseCardHtml of each.
 * `id` names the element so that a document's data may leave the cards out (ADR 072: the loader's
 * inMarkupOnly): the hydrating render, given no `cards`, reads the list back from the markup.
 */
export function CaseCardList({
  cards,
  id,
  headingLevel = 2,
  className = "case-list",
}: {
  cards: CaseCardData[] | undefined;
  id?: string;
  headingLevel?: HeadingLevel;
  className?: string;
}) {
  const { t, i18n } = useTranslation("cases");
  let html: string | undefined;
  if (cards) {
    html = "";
    for (const card of cards) html += caseCardHtml(card, headingLevel, t, i18n.language);
  }
  return (
    <div
      id={id}
      className={className}
      dangerouslySetInnerHTML={{ __html: id === undefined ? (html ?? "") : markupHtml(html, id) }}
    />
  );
}
