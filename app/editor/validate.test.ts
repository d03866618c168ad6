import { describe, expect, it } from "vitest";
import type { JSONContent } from "@tiptap/core";
import { DOC_LIMITS } from "./extensions.ts";
import { docFromPlainText, isEmptyDoc, validateDoc, EDITOR_ERRORS } from "./validate.server.ts";

const UPLOAD = "/resources/uploads/" + "ab".repeat(32) + ".webp";
const doc = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });
const p = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const t = (text: string, marks?: JSONContent["marks"]): JSONContent =>
  marks ? { type: "text", text, marks } : { type: "text", text };
const link = (href: string, extra: Record<string, unknown> = {}) => [{ type: "link", attrs: { href, ...extra } }];

function errorsOf(json: unknown, kind: "case" | "comment" = "case"): string[] {
  const r = validateDoc(json, kind);
  return r.ok ? [] : r.errors;
}

const fullCase = doc(
  { type: "heading", attrs: { level: 2 }, content: [t("挑战")] },
  p(
    t("粗体", [{ type: "bold" }]),
    t("斜体", [{ type: "italic" }]),
    t("删除", [{ type: "strike" }]),
    t("代码", [{ type: "code" }]),
  ),
  p(t("链接", link("https://www.mofcom.gov.cn/")), { type: "hardBreak" }, t("邮件", link("mailto:a@b.cn"))),
  { type: "bulletList", content: [{ type: "listItem", content: [p(t("一"))] }] },
  { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [p(t("二"))] }] },
  { type: "blockquote", content: [p(t("引用"))] },
  { type: "horizontalRule" },
  { type: "image", attrs: { src: UPLOAD, alt: "图" } },
  {
    type: "table",
    content: [
      {
        type: "tableRow",
        content: [
          { type: "tableHeader", content: [p(t("指标"))] },
          { type: "tableHeader", content: [p(t("数值"))] },
        ],
      },
      {
        type: "tableRow",
        content: [
          { type: "tableCell", content: [p(t("出口额"))] },
          { type: "tableCell", attrs: { colspan: 1, rowspan: 1, colwidth: [120] }, content: [p(t("12亿"))] },
        ],
      },
    ],
  },
  { type: "heading", attrs: { level: 4 }, content: [t("小结")] },
);

describe("validateDoc", () => {
  it("accepts every node and mark of a case section and normalizes it", () => {
    const r = validateDoc(fullCase, "case");
    expect(r.ok ? [] : r.details).toEqual([]);
    if (!r.ok) return;
    const linkMark = r.doc.content![2]!.content![0]!.marks![0]!;
    expect(linkMark.attrs).toMatchObject({
      href: "https://www.mofcom.gov.cn/",
      target: null,
      rel: "nofollow ugc noopener",
    });
    const cell = r.doc.content![8]!.content![1]!.content![1]!;
    expect(cell.attrs!.colwidth).toBeNull();
  });

  it("accepts a JSON string but never HTML", () => {
    expect(validateDoc(JSON.stringify(doc(p(t("x")))), "comment").ok).toBe(true);
    expect(errorsOf("<p>x</p>")).toEqual([EDITOR_ERRORS.invalidJson]);
    expect(errorsOf("{not json")).toEqual([EDITOR_ERRORS.invalidJson]);
    expect(errorsOf(null)).toEqual([EDITOR_ERRORS.notADocument]);
    expect(errorsOf({ type: "paragraph" })).toEqual([EDITOR_ERRORS.notADocument]);
  });

  it("rejects unknown node types", () => {
    expect(errorsOf(doc({ type: "codeBlock", content: [t("x")] }))).toContain(EDITOR_ERRORS.unknownNode);
    expect(errorsOf(doc({ type: "toString" }))).toContain(EDITOR_ERRORS.unknownNode);
  });

  it("rejects nodes of the case set in a comment", () => {
    expect(errorsOf(doc({ type: "heading", attrs: { level: 2 }, content: [t("x")] }), "comment")).toContain(
      EDITOR_ERRORS.unknownNode,
    );
    expect(errorsOf(doc({ type: "horizontalRule" }), "comment")).toContain(EDITOR_ERRORS.unknownNode);
    expect(errorsOf(doc(p(t("x", [{ type: "strike" }]))), "comment")).toContain(EDITOR_ERRORS.unknownMark);
  });

  it("accepts mentions in comments only", () => {
    const withMention = doc(p(t("你好 "), { type: "mention", attrs: { id: "clx123", label: "张三" } }));
    expect(validateDoc(withMention, "comment").ok).toBe(true);
    expect(errorsOf(withMention, "case")).toContain(EDITOR_ERRORS.unknownNode);
  });

  it("rejects unknown mark types", () => {
    expect(errorsOf(doc(p(t("x", [{ type: "underline" }]))))).toEqual([EDITOR_ERRORS.unknownMark]);
  });

  it("rejects attributes that are not whitelisted", () => {
    expect(errorsOf(doc({ type: "paragraph", attrs: { textAlign: "center" }, content: [t("x")] }))).toEqual([
      EDITOR_ERRORS.unknownAttribute,
    ]);
    expect(errorsOf(doc({ type: "image", attrs: { src: UPLOAD, onload: "x" } }))).toEqual([
      EDITOR_ERRORS.unknownAttribute,
    ]);
    expect(errorsOf(doc(p(t("x", [{ type: "bold", attrs: { style: "x" } }]))))).toEqual([
      EDITOR_ERRORS.unknownAttribute,
    ]);
  });

  it("checks attribute values", () => {
    expect(errorsOf(doc({ type: "heading", attrs: { level: 1 }, content: [t("x")] }))).toEqual([
      EDITOR_ERRORS.badAttribute,
    ]);
    expect(errorsOf(doc({ type: "heading", content: [t("x")] }))).toEqual([EDITOR_ERRORS.badAttribute]);
    expect(errorsOf(doc({ type: "image", attrs: { src: UPLOAD, width: "100%" } }))).toEqual([
      EDITOR_ERRORS.badAttribute,
    ]);
  });

  it("allows only http, https and mailto links", () => {
    expect(validateDoc(doc(p(t("x", link("http://example.com")))), "comment").ok).toBe(true);
    for (const href of [
      "javascript:alert(1)",
      "JAVASCRIPT:alert(1)",
      " javascript:x",
      "data:text/html,x",
      "vbscript:x",
      "/relative",
      "ftp://x.cn",
    ]) {
      expect(errorsOf(doc(p(t("x", link(href)))), "comment"), href).toEqual([EDITOR_ERRORS.badLink]);
    }
    expect(errorsOf(doc(p(t("x", [{ type: "link" }]))))).toEqual([EDITOR_ERRORS.badLink]);
  });

  it("allows only our own uploads as image sources", () => {
    expect(errorsOf(doc({ type: "image", attrs: { src: "https://example.com/a.webp" } }))).toEqual([
      EDITOR_ERRORS.badImage,
    ]);
    expect(errorsOf(doc({ type: "image", attrs: {} }))).toEqual([EDITOR_ERRORS.badImage]);
    expect(validateDoc(doc({ type: "image", attrs: { src: UPLOAD } }), "case").ok).toBe(true);
  });

  it("limits nesting depth", () => {
    let node: JSONContent = p(t("x"));
    for (let i = 0; i < 30; i++) node = { type: "blockquote", content: [node] };
    expect(errorsOf(doc(node))).toEqual([EDITOR_ERRORS.tooDeep]);
    let ok: JSONContent = p(t("x"));
    for (let i = 0; i < 10; i++) ok = { type: "blockquote", content: [ok] };
    expect(validateDoc(doc(ok), "case").ok).toBe(true);
  });

  it("limits the number of nodes", () => {
    const many = doc(...Array.from({ length: DOC_LIMITS.comment.maxNodes }, () => p(t("x"))));
    expect(errorsOf(many, "comment")).toEqual([EDITOR_ERRORS.tooManyNodes]);
  });

  it("limits the text length", () => {
    expect(validateDoc(doc(p(t("字".repeat(DOC_LIMITS.comment.maxChars)))), "comment").ok).toBe(true);
    expect(errorsOf(doc(p(t("字".repeat(DOC_LIMITS.comment.maxChars + 1)))), "comment")).toEqual([
      EDITOR_ERRORS.tooLong,
    ]);
  });

  it("limits the serialized size", () => {
    const longHref = "https://example.com/" + "a".repeat(2000);
    const big = doc(...Array.from({ length: 150 }, () => p(t("链接", link(longHref)))));
    expect(errorsOf(big, "case")).toEqual([EDITOR_ERRORS.tooLarge]);
    expect(errorsOf("x".repeat(DOC_LIMITS.comment.maxBytes + 1), "comment")).toEqual([EDITOR_ERRORS.tooLarge]);
  });

  it("rejects structures the schema does not allow", () => {
    expect(errorsOf(doc(t("bare text")))).toEqual([EDITOR_ERRORS.invalidStructure]);
    expect(errorsOf(doc({ type: "listItem", content: [p(t("x"))] }))).toEqual([EDITOR_ERRORS.invalidStructure]);
    expect(errorsOf(doc(p(p(t("x")))))).toEqual([EDITOR_ERRORS.invalidStructure]);
    expect(errorsOf(doc(p({ type: "text" })))).toEqual([EDITOR_ERRORS.invalidStructure]);
    expect(errorsOf({ type: "doc", content: [] })).toEqual([EDITOR_ERRORS.invalidStructure]);
  });

  it("strips bidi overrides and control characters from text", () => {
    const r = validateDoc(doc(p(t("a\u202Eb\u0000c"))), "case");
    expect(r.ok && r.doc.content![0]!.content![0]!.text).toBe("abc");
  });

  it("returns the same document for already-normalized input", () => {
    const r1 = validateDoc(fullCase, "case");
    const r2 = r1.ok ? validateDoc(r1.doc, "case") : r1;
    expect(r2.ok && r1.ok && r2.doc).toEqual(r1.ok && r1.doc);
  });
});

describe("isEmptyDoc", () => {
  it("is true for nothing but empty paragraphs and spaces", () => {
    expect(isEmptyDoc(doc({ type: "paragraph" }))).toBe(true);
    expect(isEmptyDoc(doc(p(t("  \u3000 ")), { type: "paragraph" }))).toBe(true);
    expect(isEmptyDoc(null)).toBe(true);
  });
  it("is false with text, an image or a rule", () => {
    expect(isEmptyDoc(doc(p(t("好"))))).toBe(false);
    expect(isEmptyDoc(doc({ type: "image", attrs: { src: UPLOAD } }))).toBe(false);
    expect(isEmptyDoc(doc({ type: "horizontalRule" }))).toBe(false);
  });
});

describe("docFromPlainText", () => {
  it("splits paragraphs on blank lines and turns line breaks into hard breaks", () => {
    expect(docFromPlainText("第一段\r\n第二行\r\n\r\n\r\n第二段\n")).toEqual(
      doc(p(t("第一段"), { type: "hardBreak" }, t("第二行")), p(t("第二段"))),
    );
  });
  it("gives one empty paragraph for blank text, which counts as empty", () => {
    const d = docFromPlainText(" \n \n");
    expect(d).toEqual(doc({ type: "paragraph" }));
    expect(isEmptyDoc(d)).toBe(true);
  });
  it("keeps markup as text and passes the comment validator", () => {
    const d = docFromPlainText("<script>alert(1)</script>\n\nhttps://example.com");
    const r = validateDoc(d, "comment");
    expect(r.ok).toBe(true);
    expect(r.ok && r.doc.content![0]!.content![0]!.text).toBe("<script>alert(1)</script>");
  });
});

describe("richTextField", () => {
  it("parses the hidden input's JSON into a normalized document", async () => {
    const { richTextField } = await import("./validate.server.ts");
    const ok = richTextField("comment").safeParse(JSON.stringify(doc(p(t("好")))));
    expect(ok.success && ok.data).toEqual(doc(p(t("好"))));
    const bad = richTextField("comment").safeParse(JSON.stringify(doc(p(t("x", link("javascript:alert(1)"))))));
    expect(bad.success ? [] : bad.error.issues.map((i) => i.message)).toEqual([EDITOR_ERRORS.badLink]);
    const empty = richTextField("comment", { required: true }).safeParse(JSON.stringify(doc({ type: "paragraph" })));
    expect(empty.success ? [] : empty.error.issues.map((i) => i.message)).toEqual(["editor:errors.required"]);
    expect(richTextField("comment").safeParse(undefined).success).toBe(false);
  });
});
