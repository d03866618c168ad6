import { describe, expect, it } from "vitest";
import { emptyContent } from "~/models/case-content.ts";
import { diffContents, diffText } from "./diff.server.ts";

describe("diffText", () => {
  it("marks a changed Chinese word as one deletion and one insertion", () => {
    const parts = diffText("我们建设了公共服务平台", "我们建设了跨境电商平台");
    expect(
      parts
        .filter((p) => p.op === "del")
        .map((p) => p.text)
        .join(""),
    ).toContain("公共服务");
    expect(
      parts
        .filter((p) => p.op === "add")
        .map((p) => p.text)
        .join(""),
    ).toContain("跨境电商");
    expect(
      parts
        .filter((p) => p.op === "same")
        .map((p) => p.text)
        .join(""),
    ).toContain("我们建设了");
  });
  it("diffs English by words", () => {
    const parts = diffText("exports grew by 20%", "exports grew by 35%");
    expect(parts).toContainEqual({ op: "del", text: "20" });
    expect(parts).toContainEqual({ op: "add", text: "35" });
  });
  it("keeps the text as it was typed (markup stays text)", () => {
    const parts = diffText("", "<script>alert(1)</script>");
    expect(parts.map((p) => p.text).join("")).toBe("<script>alert(1)</script>");
  });
});

describe("diffContents", () => {
  it("reports metrics and section changes", () => {
    const a = emptyContent();
    const b = { ...emptyContent(), metrics: [{ label: "Exports", before: "1", after: "2", unit: "bn", source: "" }] };
    b.sections = {
      ...b.sections,
      results: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Doubled" }] }] },
    };
    const d = diffContents(a, b, (s) => s);
    expect(d.find((f) => f.field === "metrics")?.changed).toBe(true);
    expect(d.find((f) => f.field === "results")?.parts).toEqual([{ op: "add", text: "Doubled" }]);
    expect(d.find((f) => f.field === "title")?.changed).toBe(false);
  });
});
