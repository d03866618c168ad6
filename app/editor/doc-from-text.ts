// Plain text as a document, for text typed into a plain box before the editor that replaces it
// loaded (the comment box, a case section's textarea): the same split as the server's docFromPlainText.
import type { JSONContent } from "@tiptap/core";

/** Paragraphs at blank lines, line breaks within them. */
export function docFromText(text: string): JSONContent {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n+/)
    .filter((p) => p.trim() !== "");
  if (!paragraphs.length) return { type: "doc", content: [{ type: "paragraph" }] };
  return { type: "doc", content: paragraphs.map(paragraphOf) };
}

/** One paragraph of plain text: its line breaks as hard breaks. */
export function paragraphOf(text: string): JSONContent {
  return {
    type: "paragraph",
    content: text
      .split("\n")
      .flatMap((line, i) => [
        ...(i > 0 ? [{ type: "hardBreak" }] : []),
        ...(line ? [{ type: "text", text: line }] : []),
      ]),
  };
}
