// The two writers of a base card (ADR 064): BaseCardView (JSX, the directory) and
// baseCardHtml (a string, the home page's grid) must write the same markup.
import { describe, expect, it } from "vitest";
import { renderToStaticMarkup, renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import type { TFunction } from "i18next";
import { i18nFor } from "~/i18n/i18n.server.ts";
import { BaseCardList, BaseCardView, baseCardHtml } from "./base-card.tsx";

const bases = [
  {
    slug: "ningbo",
    nameZh: "宁波基地",
    nameEn: "Ningbo Base",
    industry: "manufacturing",
    province: "zhejiang",
    cityZh: "宁波市",
    cityEn: "Ningbo",
    isDemo: false,
  },
  {
    slug: "a&'<b>",
    nameZh: `"基地" <i>&</i>`,
    nameEn: `Base 'one' & <two>`,
    industry: "specialized-chemicals",
    province: "anhui",
    cityZh: "安庆<市>",
    cityEn: `"Anqing" & co`,
    isDemo: true,
  },
];

describe("base card writers", () => {
  for (const language of ["zh-CN", "en"] as const) {
    it(`write the same markup (${language})`, () => {
      const i18n = i18nFor(language);
      const t = i18n.getFixedT(language, "bases") as unknown as TFunction;
      for (const base of bases) {
        const jsx = renderToStaticMarkup(
          <I18nextProvider i18n={i18n}>
            <BaseCardView base={base} />
          </I18nextProvider>,
        );
        expect(baseCardHtml(base, t, language)).toBe(jsx);
      }
      const list = renderToString(
        <I18nextProvider i18n={i18n}>
          <BaseCardList bases={bases} id="featured-bases" />
        </I18nextProvider>,
      );
      expect(list).toBe(
        `<div id="featured-bases" class="grid">${bases.map((b) => baseCardHtml(b, t, language)).join("")}</div>`,
      );
      expect(list).not.toContain("<i>");
    });
  }
});
