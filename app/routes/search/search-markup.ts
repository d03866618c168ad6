// The search page's results and facet checkboxes as HTML strings (issue 15.1), made by the
// loader and set by the page with dangerouslySetInnerHTML, as the listing pages' cards are
// (ADR 064/072). As React elements they were most of the page's own elements: every hit
// two links and three paragraphs, every facet value a label, a checkbox and two spans —
// each pushed by the streaming renderer on every uncached render and given a fiber when the
// browser hydrates. Neither holds state: the links are followed by the document's AppLink
// click handler (ADR 056) and a checkbox's change is heard by one listener on its list
// (the page's useEffect). In a document the strings travel in the markup only
// (markup-once.ts): the page reads them back from the elements the server rendered.
import type { TFunction } from "i18next";
import { esc, formatDate, formatNumber } from "~/utils/format.ts";

/** The fields of a hit the page shows (highlights are escaped HTML from the engine, only <mark> is markup). */
export interface ShownHit {
  slug: string;
  titleHtml: string;
  summaryHtml: string;
  snippetHtml: string;
  base: string;
  baseName: string;
  industry: string;
  publishedAt: number;
}

export interface ShownFacet {
  name: string;
  values: { value: string; label: string; count: number; selected: boolean }[];
}

/** How many values of a facet the page lists (the most frequent, selected ones first). */
export const FACET_VALUES_SHOWN = 12;

/** The <li>s of the results list, as the page's React tree wrote them (AppLink's <a>: data-discover, then href). */
export function hitsHtml(hits: ShownHit[], t: TFunction, locale: string): string {
  let s = "";
  for (const h of hits) {
    s += `<li class="card hit"><h3><a data-discover="true" href="/cases/${esc(h.slug)}">${h.titleHtml}</a></h3><p class="meta">`;
    if (h.base) s += `<a data-discover="true" href="/bases/${esc(h.base)}">${esc(h.baseName)}</a>`;
    if (h.industry) s += ` · ${esc(t(`bases:industries.${h.industry}`))}`;
    if (h.publishedAt) s += ` · ${esc(formatDate(h.publishedAt, locale))}`;
    s += `</p><p>${h.summaryHtml}</p>`;
    if (h.snippetHtml !== "") s += `<p class="snippet meta">${h.snippetHtml}</p>`;
    s += "</li>";
  }
  return s;
}

/** A fieldset of checkboxes per facet that has values, the first FACET_VALUES_SHOWN of each (attributes in React's order). */
export function facetsHtml(facets: ShownFacet[], t: TFunction, locale: string): string {
  let s = "";
  for (const facet of facets) {
    if (facet.values.length === 0) continue;
    s += `<fieldset class="facet"><legend>${esc(t(`search:facets.${facet.name}`))}</legend>`;
    for (const v of facet.values.slice(0, FACET_VALUES_SHOWN)) {
      s +=
        `<label class="checkbox"><input type="checkbox" name="${esc(facet.name)}"${v.selected ? ' checked=""' : ""}` +
        ` value="${esc(v.value)}"/><span>${esc(v.label)}</span> ` +
        `<span class="meta">(${formatNumber(v.count, locale)})</span></label>`;
    }
    s += "</fieldset>";
  }
  return s;
}
