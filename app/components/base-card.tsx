// A base's card, written two ways as the case cards are (ADR 064): <BaseCardView> (JSX,
// the directory's list items) and baseCardHtml, the same markup as a string, which
// <BaseCardList> sets as one element (the home page's featured bases). base-card.test.tsx
// checks that both writers give the same HTML.
import { AppLink } from "~/components/app-link.tsx";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { esc } from "~/utils/format.ts";
import { markupHtml } from "~/utils/markup-once.ts";

interface BaseCardData {
  slug: string;
  nameZh: string;
  nameEn: string;
  industry: string;
  province: string;
  cityZh: string;
  cityEn: string;
  isDemo: boolean;
}

interface Props {
  base: BaseCardData;
}

function baseParts(base: BaseCardData, t: TFunction, page: string) {
  const en = page === "en";
  return {
    name: en ? base.nameEn : base.nameZh,
    otherName: en ? base.nameZh : base.nameEn,
    otherLang: en ? "zh-CN" : "en",
    industry: t(`industries.${base.industry}`),
    province: t(`provinces.${base.province}`),
    city: en ? base.cityEn : base.cityZh,
    demo: base.isDemo ? t("common:demo") : null,
  };
}

export function BaseCardView({ base }: Props) {
  const { t, i18n } = useTranslation("bases");
  const p = baseParts(base, t, i18n.language);
  return (
    <article className="card">
      <h3>
        <AppLink to={`/bases/${base.slug}`}>{p.name}</AppLink>
      </h3>
      <p className="meta" lang={p.otherLang}>
        {p.otherName}
      </p>
      <p className="meta">
        <span className="tag">{p.industry}</span>
        {p.province} · {p.city}
        {p.demo !== null ? <span className="tag tag-demo"> {p.demo}</span> : null}
      </p>
    </article>
  );
}

/** BaseCardView's markup as a string. */
export function baseCardHtml(base: BaseCardData, t: TFunction, page: string): string {
  const p = baseParts(base, t, page);
  return (
    `<article class="card"><h3><a data-discover="true" href="/bases/${esc(base.slug)}">${esc(p.name)}</a></h3>` +
    `<p class="meta" lang="${p.otherLang}">${esc(p.otherName)}</p>` +
    `<p class="meta"><span class="tag">${esc(p.industry)}</span>${esc(p.province)} · ${esc(p.city)}` +
    (p.demo !== null ? `<span class="tag tag-demo"> ${esc(p.demo)}</span>` : "") +
    "</p></article>"
  );
}

/**
 * A grid of base cards as one element (ADR 064), named by `id` so that a document's data may
 * leave the cards out (ADR 072, as CaseCardList).
 */
export function BaseCardList({ bases, id }: { bases: BaseCardData[] | undefined; id: string }) {
  const { t, i18n } = useTranslation("bases");
  let html: string | undefined;
  if (bases) {
    html = "";
    for (const base of bases) html += baseCardHtml(base, t, i18n.language);
  }
  return <div id={id} className="grid" dangerouslySetInnerHTML={{ __html: markupHtml(html, id) }} />;
}
