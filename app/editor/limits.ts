// The size limits of rich-text documents, in a module without Tiptap so that
// browser code which only needs the numbers (form schemas) does not pull the
// editor into the page's bundle. extensions.ts re-exports them.
export type DocKind = "case" | "comment";

/** Limits the validator enforces; maxChars is also shown by the editor's counter. */
export const DOC_LIMITS: Record<DocKind, { maxChars: number; maxNodes: number; maxDepth: number; maxBytes: number }> = {
  case: { maxChars: 20_000, maxNodes: 6_000, maxDepth: 20, maxBytes: 200_000 },
  comment: { maxChars: 5_000, maxNodes: 800, maxDepth: 12, maxBytes: 20_000 },
};
