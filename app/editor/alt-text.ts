// Images without a text alternative (issue 12.5). The editor counts them in its
// live document (ProseMirror nodes) to warn the author; the server counts them in
// the stored JSON to warn again when the case is published. An alt of only
// spaces counts as missing.
import type { JSONContent } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";

function blank(alt: unknown): boolean {
  return typeof alt !== "string" || alt.trim() === "";
}

/** In the editor's document. */
export function imagesWithoutAlt(doc: PMNode): number {
  let n = 0;
  doc.descendants((node) => {
    if (node.type.name === "image" && blank(node.attrs.alt)) n++;
    // Images are blocks: nothing to find inside paragraphs and headings.
    return !node.isTextblock;
  });
  return n;
}

/** In a stored document (Tiptap JSON, already validated), walked with a stack. */
export function jsonImagesWithoutAlt(doc: unknown): number {
  if (!doc || typeof doc !== "object") return 0;
  let n = 0;
  const stack: JSONContent[] = [doc as JSONContent];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === "image" && blank(node.attrs?.alt)) n++;
    if (Array.isArray(node.content)) stack.push(...node.content);
  }
  return n;
}
