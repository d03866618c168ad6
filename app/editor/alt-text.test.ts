import { describe, expect, it } from "vitest";
import type { JSONContent } from "@tiptap/core";
import { getSchema } from "@tiptap/core";
import { Node as PMNode } from "@tiptap/pm/model";
import { imagesWithoutAlt, jsonImagesWithoutAlt } from "./alt-text.ts";
import { caseExtensions } from "./extensions.ts";
import { renderDocHtml } from "./render.server.ts";
import { validateDoc } from "./validate.server.ts";

const UPLOAD = "/resources/uploads/" + "cd".repeat(32) + ".webp";
const img = (alt?: string | null): JSONContent => ({
  type: "image",
  attrs: { src: UPLOAD, ...(alt === undefined ? {} : { alt }) },
});
const doc = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });
const p = (text: string): JSONContent => ({ type: "paragraph", content: [{ type: "text", text }] });

const sample = doc(
  p("开头"),
  img("展会现场照片"),
  img(""),
  img(),
  img("   "),
  { type: "blockquote", content: [p("引用")] },
  { type: "bulletList", content: [{ type: "listItem", content: [p("一")] }] },
);

describe("images without a text alternative (issue 12.5)", () => {
  it("counts missing, empty and blank alt in stored JSON", () => {
    expect(jsonImagesWithoutAlt(sample)).toBe(3);
    expect(jsonImagesWithoutAlt(doc(p("无图")))).toBe(0);
    expect(jsonImagesWithoutAlt(null)).toBe(0);
    expect(jsonImagesWithoutAlt("not a doc")).toBe(0);
  });

  it("counts the same in the editor's document", () => {
    const node = PMNode.fromJSON(getSchema(caseExtensions()), sample);
    expect(imagesWithoutAlt(node)).toBe(3);
  });

  it("keeps the alt text through validation and rendering, in cases and in comments", () => {
    for (const kind of ["case", "comment"] as const) {
      const checked = validateDoc(doc(p("看图"), img('展会"现场"')), kind);
      expect(checked.ok, kind).toBe(true);
      if (!checked.ok) continue;
      expect(renderDocHtml(checked.doc, kind)).toContain('alt="展会&quot;现场&quot;"');
    }
  });
});
