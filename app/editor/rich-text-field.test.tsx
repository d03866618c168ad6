import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { i18nFor } from "~/i18n/i18n.server.ts";
import { editorLinks, RichTextField } from "./rich-text-field.tsx";

describe("RichTextField on the server", () => {
  it("renders the label and the initial document in a hidden input, without editor code", () => {
    const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `"<b>你好</b>` }] }] };
    const html = renderToString(
      <I18nextProvider i18n={i18nFor("zh-CN")}>
        <RichTextField name="body" kind="case" label="做法" initialDoc={doc} />
      </I18nextProvider>,
    );
    expect(html).toContain("做法");
    expect(html).toContain('type="hidden" name="body"');
    expect(html).toContain("正在加载编辑器");
    const value = /value="([^"]*)"/
      .exec(html)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
    expect(JSON.parse(value)).toEqual(doc);
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("contenteditable");
  });

  it("offers the stylesheet link for routes with an editor", () => {
    // Vitest does not process CSS, so the URL itself is empty here; Vite fills it in builds.
    expect(editorLinks()).toEqual([{ rel: "stylesheet", href: expect.any(String) }]);
  });
});
