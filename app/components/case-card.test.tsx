// The two writers of a case card (ADR 064): CaseCardView (JSX, a card alone) and
// caseCardHtml (a string, the listing pages' lists) must write the same markup for
// every kind of card in both languages, and the string writer must escape as React does.
import { describe, expect, it } from "vitest";
import { renderToStaticMarkup, renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import type { TFunction } from "i18next";
import type { CaseCardData } from "~/models/case.server.ts";
import { i18nFor } from "~/i18n/i18n.server.ts";
import { CaseCardList, CaseCardView, caseCardHtml } from "./case-card.tsx";

const base: CaseCardData = {
  slug: "overseas-warehouse",
  title: "海外仓共建共享",
  titleLang: "zh-CN",
  summary: "基地牵头建设公共海外仓。",
  summaryLang: "zh-CN",
  availableIn: ["zh-CN"],
  base: { slug: "ningbo-base", name: "宁波基地" },
  industry: "manufacturing",
  topics: [
    { slug: "logistics", name: "物流" },
    { slug: "export", name: "出口" },
  ],
  publishedAt: "2026-11-27T08:32:00.000Z",
  isDemo: false,
};

const cards: CaseCardData[] = [
  base,
  // English available, title translated, summary not: lang attributes differ per field.
  { ...base, slug: "b", availableIn: ["zh-CN", "en"], titleLang: "en", title: "Shared warehouses" },
  // No base, industry, date or topics; a demo case.
  { ...base, slug: "c", base: null, industry: null, publishedAt: null, topics: [], isDemo: true },
  // Everything React escapes, in every field the card shows.
  {
    ...base,
    slug: "d&<x>",
    title: `A "quoted" <b>title</b> & 'more'`,
    summary: "<script>alert(1)</script> & ' \"",
    titleLang: "en",
    summaryLang: "en",
    availableIn: ["en"],
    base: { slug: "s'<", name: `Base & "Co" <x>` },
    topics: [{ slug: 't&"', name: "<Topic> & 'one'" }],
  },
];

function withI18n(language: "zh-CN" | "en") {
  const i18n = i18nFor(language);
  const t = i18n.getFixedT(language, "cases") as unknown as TFunction;
  return { i18n, t };
}

describe("case card writers", () => {
  for (const language of ["zh-CN", "en"] as const) {
    for (const level of [2, 3] as const) {
      it(`write the same markup (${language}, h${level})`, () => {
        const { i18n, t } = withI18n(language);
        for (const card of cards) {
          const jsx = renderToStaticMarkup(
            <I18nextProvider i18n={i18n}>
              <CaseCardView card={card} headingLevel={level} />
            </I18nextProvider>,
          );
          expect(caseCardHtml(card, level, t, language)).toBe(jsx);
        }
      });
    }
  }

  it("escapes the text and attributes it writes", () => {
    const { t } = withI18n("en");
    const html = caseCardHtml(cards[3]!, 2, t, "en");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27; &quot;");
    expect(html).toContain('href="/bases/s&#x27;&lt;"');
    expect(html).toContain('href="/topics/t&amp;&quot;"');
  });

  it("sets a list as one element holding every card in order", () => {
    const { i18n, t } = withI18n("zh-CN");
    const html = renderToString(
      <I18nextProvider i18n={i18n}>
        <CaseCardList cards={cards} headingLevel={3} className="grid" />
      </I18nextProvider>,
    );
    expect(html).toBe(`<div class="grid">${cards.map((c) => caseCardHtml(c, 3, t, "zh-CN")).join("")}</div>`);
    const named = renderToString(
      <I18nextProvider i18n={i18n}>
        <CaseCardList cards={cards} id="latest-cases" />
      </I18nextProvider>,
    );
    expect(named).toBe(
      `<div id="latest-cases" class="case-list">${cards.map((c) => caseCardHtml(c, 2, t, "zh-CN")).join("")}</div>`,
    );
  });

  it("without its cards (a document's data left them out, ADR 072) reads the list back from the element the server rendered", () => {
    const { i18n, t } = withI18n("zh-CN");
    const served = cards.map((c) => caseCardHtml(c, 3, t, "zh-CN")).join("");
    const asked: string[] = [];
    // The smallest stand-in for the browser's document: markupHtml reads the element's innerHTML.
    (globalThis as { document?: unknown }).document = {
      getElementById: (id: string) => (asked.push(id), id === "collection-x-cases" ? { innerHTML: served } : null),
    };
    try {
      const render = () =>
        renderToString(
          <I18nextProvider i18n={i18n}>
            <CaseCardList cards={undefined} id="collection-x-cases" headingLevel={3} className="grid" />
          </I18nextProvider>,
        );
      expect(render()).toBe(`<div id="collection-x-cases" class="grid">${served}</div>`);
      // Read once: a later render (a revalidation with the same data) does not touch the DOM again.
      expect(render()).toBe(`<div id="collection-x-cases" class="grid">${served}</div>`);
      expect(asked).toEqual(["collection-x-cases"]);
    } finally {
      delete (globalThis as { document?: unknown }).document;
    }
  });
});
