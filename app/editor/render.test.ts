import { describe, expect, it } from "vitest";
import type { JSONContent } from "@tiptap/core";
import {
  clearRenderCache,
  docToPlainText,
  nodeFromJSONUnchecked,
  renderCacheStats,
  renderDocHtml,
  serializeNode,
} from "./render.server.ts";

const UPLOAD = "/resources/uploads/" + "cd".repeat(32) + ".webp";
const doc = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });
const p = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const t = (text: string, marks?: JSONContent["marks"]): JSONContent =>
  marks ? { type: "text", text, marks } : { type: "text", text };

describe("renderDocHtml", () => {
  it("renders headings, marks, lists, quotes, rules and breaks", () => {
    const html = renderDocHtml(
      doc(
        { type: "heading", attrs: { level: 3 }, content: [t("标题")] },
        p(
          t("a", [{ type: "bold" }, { type: "italic" }]),
          { type: "hardBreak" },
          t("b", [{ type: "code" }]),
          t("c", [{ type: "strike" }]),
        ),
        { type: "orderedList", attrs: { start: 2 }, content: [{ type: "listItem", content: [p(t("一"))] }] },
        { type: "bulletList", content: [{ type: "listItem", content: [p(t("二"))] }] },
        { type: "blockquote", content: [p(t("引"))] },
        { type: "horizontalRule" },
      ),
      "case",
    );
    expect(html).toBe(
      "<h3>标题</h3><p><strong><em>a</em></strong><br><code>b</code><s>c</s></p>" +
        '<ol start="2"><li><p>一</p></li></ol><ul><li><p>二</p></li></ul><blockquote><p>引</p></blockquote><hr>',
    );
  });

  it("escapes text", () => {
    expect(renderDocHtml(doc(p(t(`<b>"x" & 'y'</b>`))), "case")).toBe(
      "<p>&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</p>",
    );
  });

  it("gives links rel=nofollow ugc noopener and no target", () => {
    const html = renderDocHtml(
      doc(p(t("官网", [{ type: "link", attrs: { href: "https://example.com/?a=1&b=2", target: "_blank" } }]))),
      "comment",
    );
    expect(html).toBe('<p><a href="https://example.com/?a=1&amp;b=2" rel="nofollow ugc noopener">官网</a></p>');
  });

  it("wraps tables for horizontal scrolling and drops column widths", () => {
    const html = renderDocHtml(
      doc({
        type: "table",
        content: [
          {
            type: "tableRow",
            content: [
              { type: "tableHeader", attrs: { colwidth: [300] }, content: [p(t("h"))] },
              { type: "tableCell", attrs: { colspan: 2, align: "right" }, content: [p(t("c"))] },
            ],
          },
        ],
      }),
      "case",
    );
    expect(html).toBe(
      '<div class="table-scroll" tabindex="0"><table><tbody><tr><th><p>h</p></th><td colspan="2" class="align-right"><p>c</p></td></tr></tbody></table></div>',
    );
    expect(html).not.toContain("style");
  });

  it("renders our images lazily with escaped alt text", () => {
    expect(renderDocHtml(doc({ type: "image", attrs: { src: UPLOAD, alt: '"图"' } }), "case")).toBe(
      `<img src="${UPLOAD}" alt="&quot;图&quot;" loading="lazy" decoding="async">`,
    );
  });

  it("renders mentions as text", () => {
    expect(renderDocHtml(doc(p({ type: "mention", attrs: { id: "u_1", label: "<李>" } })), "comment")).toBe(
      '<p><span class="mention" data-mention-id="u_1">@&lt;李&gt;</span></p>',
    );
  });

  it("renders an invalid document as nothing instead of failing", () => {
    expect(renderDocHtml(doc({ type: "script", content: [t("x")] }), "case")).toBe("");
    expect(renderDocHtml("<p>html</p>", "case")).toBe("");
    expect(renderDocHtml({ type: "paragraph" }, "case")).toBe("");
  });
});

describe("the serializer without validation", () => {
  it("drops a javascript: link but keeps its text", () => {
    const node = nodeFromJSONUnchecked(
      doc(p(t("x", [{ type: "link", attrs: { href: "javascript:alert(1)" } }]))),
      "case",
    );
    expect(serializeNode(node)).toBe("<p>x</p>");
  });
  it("drops images that are not our uploads", () => {
    const node = nodeFromJSONUnchecked(
      doc({ type: "image", attrs: { src: "data:image/svg+xml,<svg onload=alert(1)>" } }),
      "case",
    );
    expect(serializeNode(node)).toBe("");
  });
  it("never writes attribute values it did not check", () => {
    const node = nodeFromJSONUnchecked(
      doc({
        type: "orderedList",
        attrs: { start: '1" onclick="x', type: '" onclick="x' },
        content: [{ type: "listItem", content: [p(t("x"))] }],
      }),
      "case",
    );
    expect(serializeNode(node)).toBe("<ol><li><p>x</p></li></ol>");
  });
});

describe("render cache", () => {
  it("serves a cached render for the same key", () => {
    clearRenderCache();
    const first = renderDocHtml(doc(p(t("一"))), "case", { cacheKey: "case:1:rev:1:body" });
    const again = renderDocHtml(doc(p(t("changed"))), "case", { cacheKey: "case:1:rev:1:body" });
    expect(again).toBe(first);
    expect(renderDocHtml(doc(p(t("changed"))), "case", { cacheKey: "case:1:rev:2:body" })).toBe("<p>changed</p>");
  });
  it("stays bounded", () => {
    clearRenderCache();
    const { maxEntries } = renderCacheStats();
    for (let i = 0; i < maxEntries + 50; i++)
      renderDocHtml(doc(p(t(`n${i}`))), "comment", { cacheKey: `comment:${i}` });
    expect(renderCacheStats().entries).toBe(maxEntries);
    // The oldest entries went first: key 0 renders anew from the given doc.
    expect(renderDocHtml(doc(p(t("fresh"))), "comment", { cacheKey: "comment:0" })).toBe("<p>fresh</p>");
    expect(renderDocHtml(doc(p(t("stale?"))), "comment", { cacheKey: `comment:${maxEntries + 49}` })).toBe(
      `<p>n${maxEntries + 49}</p>`,
    );
  });
});

describe("docToPlainText", () => {
  it("puts blocks on their own lines and table cells between tabs", () => {
    const text = docToPlainText(
      doc(
        { type: "heading", attrs: { level: 2 }, content: [t("挑战")] },
        p(t("第一行"), { type: "hardBreak" }, t("第二行")),
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [p(t("甲"))] },
            { type: "listItem", content: [p(t("乙"))] },
          ],
        },
        {
          type: "table",
          content: [
            {
              type: "tableRow",
              content: [
                { type: "tableCell", content: [p(t("A"))] },
                { type: "tableCell", content: [p(t("B"))] },
              ],
            },
          ],
        },
        p({ type: "mention", attrs: { id: "u", label: "王" } }),
      ),
    );
    expect(text).toBe("挑战\n第一行\n第二行\n甲\n乙\nA\tB\n@王");
  });
});

describe("render time", () => {
  it("renders a ~3,000-character Chinese case section quickly", () => {
    const sentence = "本基地依托产业集群优势，推动外贸转型升级，培育自主品牌，拓展跨境电商渠道。"; // 37 chars
    const content: JSONContent[] = [];
    let chars = 0;
    let i = 0;
    while (chars < 3000) {
      if (i % 6 === 0) content.push({ type: "heading", attrs: { level: 3 }, content: [t(`第${i / 6 + 1}部分`)] });
      content.push(
        p(
          t(sentence),
          t("重点：", [{ type: "bold" }]),
          t(sentence, [{ type: "link", attrs: { href: "https://example.com/a" } }]),
        ),
      );
      chars += sentence.length * 2 + 3;
      i++;
    }
    const d = doc(...content);
    for (let k = 0; k < 20; k++) renderDocHtml(d, "case"); // warm up
    const runs = 200;
    const start = performance.now();
    for (let k = 0; k < runs; k++) renderDocHtml(d, "case");
    const perRender = (performance.now() - start) / runs;
    const cachedStart = performance.now();
    for (let k = 0; k < runs; k++) renderDocHtml(d, "case", { cacheKey: "bench" });
    const perCached = (performance.now() - cachedStart) / runs;
    console.log(
      `render (parse + serialize) of ${chars} chars, ${content.length} blocks: ${perRender.toFixed(3)} ms; cached: ${perCached.toFixed(4)} ms`,
    );
    expect(perRender).toBeLessThan(20);
  });
});
