// The toolbar names the editable element it controls only while that element exists.
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { i18nFor } from "~/i18n/i18n.server.ts";
import RichTextEditor from "./editor.client.tsx";

describe("the editor's toolbar before Tiptap has made the editable element", () => {
  it("has no aria-controls naming an element that is not there (axe: aria-valid-attr-value)", () => {
    // The first render, as in the browser: Tiptap creates its editor after it (immediatelyRender: false).
    const html = renderToString(
      <I18nextProvider i18n={i18nFor("zh-CN")}>
        <RichTextEditor name="background" id="background-text" kind="case" label="背景" />
      </I18nextProvider>,
    );
    expect(html).toContain('role="toolbar"');
    expect(html).not.toContain('id="background-text"');
    expect(html).not.toContain("aria-controls");
  });
});
