// The case form without JavaScript: each section is a plain textarea (`<section>Text`)
// beside its stored document in a hidden field (kept so an untouched section keeps its
// formatting). An edit made there must be what is saved.
import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { docToPlainText } from "~/editor/render.server.ts";
import { parseCaseForm } from "./form.server.ts";

const stored = {
  type: "doc",
  content: [
    { type: "paragraph", content: [{ type: "text", text: "A bold start", marks: [{ type: "bold" }] }] },
    { type: "paragraph", content: [{ type: "text", text: "and a second paragraph." }] },
  ],
};

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  fd.set("intent", "save");
  fd.set("title", "一个案例");
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}

function approach(fields: Record<string, string>) {
  const parsed = parseCaseForm(form(fields));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.reply));
  return parsed.content.sections.approach;
}

describe("a section posted without JavaScript", () => {
  it("keeps its stored document, formatting and all, when its text was not changed (CRLF as browsers post it)", () => {
    const text = docToPlainText(stored as never).replace(/\n/g, "\r\n");
    expect(approach({ approach: JSON.stringify(stored), approachText: text })).toEqual(stored);
  });

  it("is saved as its text when the text was edited", () => {
    const doc = approach({ approach: JSON.stringify(stored), approachText: "改写后的做法。\r\n\r\n第二段。" });
    expect(
      (doc as JSONContent | null)?.content?.map((p) => docToPlainText({ type: "doc", content: [p] } as never)),
    ).toEqual(["改写后的做法。", "第二段。"]);
  });

  it("is emptied when its text was cleared", () => {
    expect(approach({ approach: JSON.stringify(stored), approachText: "  " })).toBeNull();
  });

  it("is its text when there was no stored document", () => {
    expect(docToPlainText(approach({ approach: "", approachText: "新写的。" }) as never)).toBe("新写的。");
    expect(approach({ approach: "", approachText: "" })).toBeNull();
  });
});
