// The search page's results and facets as strings (search-markup.ts) write the markup its
// React tree wrote before (the JSX below is that tree, kept here as the reference), escape
// as React does, and list at most FACET_VALUES_SHOWN values of a facet.
import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import type { TFunction } from "i18next";
import { i18nFor } from "~/i18n/i18n.server.ts";
import { formatDate, formatNumber } from "~/utils/format.ts";
import { FACET_VALUES_SHOWN, facetsHtml, hitsHtml, type ShownFacet, type ShownHit } from "./search-markup.ts";

const hits: ShownHit[] = [
  {
    slug: "overseas-warehouse",
    titleHtml: "<mark>海外仓</mark>共建",
    summaryHtml: "基地牵头建设公共<mark>海外仓</mark>。",
    snippetHtml: "……中小企业按需租用<mark>海外仓</mark>……",
    base: "ningbo-base",
    baseName: "宁波基地",
    industry: "machinery-electrical",
    publishedAt: Date.UTC(2026, 10, 27, 8, 32),
  },
  // No snippet, base, industry or date.
  {
    slug: "b",
    titleHtml: "Plain",
    summaryHtml: "",
    snippetHtml: "",
    base: "",
    baseName: "",
    industry: "",
    publishedAt: 0,
  },
  // Everything React escapes, in the fields the page writes as text.
  {
    slug: "d&<x>",
    titleHtml: "&lt;img&gt; &amp; <mark>x</mark>",
    summaryHtml: "s",
    snippetHtml: "",
    base: "s'<",
    baseName: `Base & "Co" <x>`,
    industry: "agricultural",
    publishedAt: Date.UTC(2025, 0, 2),
  },
];

const facets: ShownFacet[] = [
  {
    name: "topic",
    values: [
      { value: "logistics", label: "物流与供应链", count: 1234, selected: true },
      { value: 'x"&<', label: `<b>"A" & 'B'</b>`, count: 2, selected: false },
    ],
  },
  { name: "industry", values: [] },
  {
    name: "base",
    values: Array.from({ length: 20 }, (_, i) => ({
      value: `b${i}`,
      label: `基地${i}`,
      count: 20 - i,
      selected: false,
    })),
  },
];

/** The page's JSX for the results before search-markup.ts (AppLink's <a>: data-discover, then href). */
function ReactHits({ t, lang }: { t: TFunction; lang: string }) {
  return (
    <>
      {hits.map((h) => (
        <li key={h.slug} className="card hit">
          <h3>
            <a data-discover="true" href={`/cases/${h.slug}`} dangerouslySetInnerHTML={{ __html: h.titleHtml }} />
          </h3>
          <p className="meta">
            {h.base ? (
              <a data-discover="true" href={`/bases/${h.base}`}>
                {h.baseName}
              </a>
            ) : null}
            {h.industry ? <> · {t(`bases:industries.${h.industry}`)}</> : null}
            {h.publishedAt ? <> · {formatDate(h.publishedAt, lang)}</> : null}
          </p>
          <p dangerouslySetInnerHTML={{ __html: h.summaryHtml }} />
          {h.snippetHtml !== "" ? (
            <p className="snippet meta" dangerouslySetInnerHTML={{ __html: h.snippetHtml }} />
          ) : null}
        </li>
      ))}
    </>
  );
}

/** The page's JSX for the facets before search-markup.ts. */
function ReactFacets({ t, lang }: { t: TFunction; lang: string }) {
  return (
    <>
      {facets.map((facet) =>
        facet.values.length === 0 ? null : (
          <fieldset key={facet.name} className="facet">
            <legend>{t(`search:facets.${facet.name}`)}</legend>
            {facet.values.slice(0, 12).map((v) => (
              <label key={v.value} className="checkbox">
                <input type="checkbox" name={facet.name} value={v.value} defaultChecked={v.selected} />
                <span>{v.label}</span> <span className="meta">({formatNumber(v.count, lang)})</span>
              </label>
            ))}
          </fieldset>
        ),
      )}
    </>
  );
}

/** React separates adjacent text nodes with comments; the browser reads the same text either way. */
const text = (html: string) => html.replaceAll("<!-- -->", "");

describe("search page markup", () => {
  for (const lang of ["zh-CN", "en"] as const) {
    const t = i18nFor(lang).t as unknown as TFunction;
    it(`writes the results as the page's JSX did (${lang})`, () => {
      expect(hitsHtml(hits, t, lang)).toBe(text(renderToStaticMarkup(<ReactHits t={t} lang={lang} />)));
    });
    it(`writes the facets as the page's JSX did (${lang})`, () => {
      expect(facetsHtml(facets, t, lang)).toBe(text(renderToStaticMarkup(<ReactFacets t={t} lang={lang} />)));
    });
  }

  it("lists the first values of a facet only", () => {
    const html = facetsHtml(facets, i18nFor("en").t as unknown as TFunction, "en");
    expect(html.match(/name="base"/g)).toHaveLength(FACET_VALUES_SHOWN);
    expect(html).toContain(`value="b${FACET_VALUES_SHOWN - 1}"`);
    expect(html).not.toContain(`value="b${FACET_VALUES_SHOWN}"`);
  });
});
