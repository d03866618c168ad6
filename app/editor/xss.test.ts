// Every hostile vector of tests/fixtures/xss-corpus.ts goes through validateDoc
// and the renderer: it is either refused with an editor:errors.* key, or the HTML
// that comes out holds only allowed tags and attributes, safe URLs and escaped text.
import { describe, expect, it } from "vitest";
import { safeHrefs, xssDocs, xssHrefs, xssSrcs, xssStrings, OWN_UPLOAD_SRC } from "../../tests/fixtures/xss-corpus.ts";
import { isSafeHref, isUploadUrl } from "./urls.ts";
import { validateDoc, stripUnsafeChars } from "./validate.server.ts";
import { escapeHtml, nodeFromJSONUnchecked, renderDocHtml, serializeNode } from "./render.server.ts";

const TAGS = new Set([
  "p",
  "h2",
  "h3",
  "h4",
  "strong",
  "em",
  "s",
  "code",
  "a",
  "ul",
  "ol",
  "li",
  "blockquote",
  "br",
  "hr",
  "img",
  "div",
  "table",
  "tbody",
  "tr",
  "td",
  "th",
  "span",
]);
const ATTRS = new Set([
  "href",
  "rel",
  "title",
  "src",
  "alt",
  "width",
  "height",
  "loading",
  "decoding",
  "class",
  "tabindex",
  "colspan",
  "rowspan",
  "start",
  "type",
  "data-mention-id",
]);

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Fails the test when the HTML could run anything or carries markup we did not write. */
function assertInert(html: string, label: string) {
  expect(html, label).not.toMatch(/<\s*script/i);
  const tagRe = /<(\/?)([a-zA-Z0-9]+)([^>]*)>/g;
  let m: RegExpExecArray | null;
  const withoutTags = html.replace(tagRe, "");
  // Whatever is left outside tags is text: it must not hold a raw < or >.
  expect(withoutTags, `${label}: stray markup`).not.toMatch(/[<>]/);
  while ((m = tagRe.exec(html))) {
    const [, closing, tag, rest] = m;
    expect(TAGS.has(tag!.toLowerCase()), `${label}: tag <${tag}>`).toBe(true);
    if (closing) {
      expect(rest!.trim(), `${label}: closing tag with attributes`).toBe("");
      continue;
    }
    const attrRe = /\s([a-z-]+)="([^"]*)"/g;
    const leftover = rest!.replace(attrRe, "").trim();
    expect(leftover, `${label}: unparsed attribute text in <${tag}${rest}>`).toBe("");
    let a: RegExpExecArray | null;
    while ((a = attrRe.exec(rest!))) {
      const [, name, raw] = a;
      expect(ATTRS.has(name!), `${label}: attribute ${name}`).toBe(true);
      expect(name!.startsWith("on"), `${label}: event handler ${name}`).toBe(false);
      const value = decodeEntities(raw!);
      const squashed = value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
      if (name === "href") expect(isSafeHref(value), `${label}: href ${value}`).toBe(true);
      if (name === "src") expect(isUploadUrl(value), `${label}: src ${value}`).toBe(true);
      if (name === "href" || name === "src") {
        expect(squashed).not.toMatch(/^(javascript|data|vbscript):/);
      }
    }
  }
}

describe("XSS corpus", () => {
  it("has at least 50 vectors", () => {
    expect(xssStrings.length + xssHrefs.length + xssSrcs.length + xssDocs.length).toBeGreaterThanOrEqual(50);
    expect(xssDocs.length).toBeGreaterThanOrEqual(50);
  });

  it.each(xssDocs.map((v) => [v.name, v] as const))("%s: rejected or inert", (_name, vector) => {
    const result = validateDoc(vector.doc, vector.kind);
    if (vector.expect === "reject") {
      expect(result.ok, `${vector.name} should be rejected`).toBe(false);
      if (!result.ok) {
        expect(result.errors.length).toBeGreaterThan(0);
        for (const e of result.errors) expect(e).toMatch(/^editor:errors\.[a-zA-Z]+$/);
      }
    } else {
      expect(result.ok, `${vector.name} should pass validation: ${JSON.stringify(!result.ok && result.details)}`).toBe(
        true,
      );
    }
    const html = renderDocHtml(vector.doc, vector.kind);
    assertInert(html, vector.name);
  });

  it.each(xssDocs.map((v) => [v.name, v] as const))(
    "%s: the serializer alone is inert even without validation",
    (_name, vector) => {
      let node;
      try {
        node = nodeFromJSONUnchecked(vector.doc as never, vector.kind);
      } catch {
        return; // ProseMirror itself refuses it (unknown type, not an object)
      }
      assertInert(serializeNode(node), `${vector.name} (unchecked)`);
    },
  );

  it.each(xssStrings)("text %j comes out escaped, word for word", (s) => {
    const html = renderDocHtml(
      { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: s }] }] },
      "case",
    );
    const kept = stripUnsafeChars(s);
    expect(html).toBe(`<p>${escapeHtml(kept)}</p>`);
  });

  it.each(xssHrefs)("href %j is refused", (href) => {
    expect(isSafeHref(href)).toBe(false);
  });

  it.each(xssSrcs)("image src %j is refused", (src) => {
    expect(isUploadUrl(src)).toBe(false);
  });

  it.each(safeHrefs)("href %j is accepted and rendered", (href) => {
    expect(isSafeHref(href)).toBe(true);
    const html = renderDocHtml(
      {
        type: "doc",
        content: [
          { type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href } }] }] },
        ],
      },
      "comment",
    );
    expect(html).toContain(`href="${escapeHtml(href)}"`);
  });

  it.each([
    `<img src=x onerror=alert(1)>`,
    `<a href="javascript:alert(1)">x</a>`,
    `<a href="&#106;avascript:alert(1)">x</a>`,
    `<p onclick="alert(1)">x</p>`,
    `<script>alert(1)</script>`,
    `<p>a<b</p>`,
    `<img src="data:image/png;base64,AAAA">`,
    `<iframe></iframe>`,
  ])("the checker itself catches %j", (html) => {
    expect(() => assertInert(html, "probe")).toThrow();
  });

  it("accepts our own upload as an image source", () => {
    expect(validateDoc({ type: "doc", content: [{ type: "image", attrs: { src: OWN_UPLOAD_SRC } }] }, "case").ok).toBe(
      true,
    );
  });
});
