// Server-side HTML for stored documents (no DOM, no editor JavaScript on the page).
// Documents are parsed with the kind's schema (built once) and written out by a
// serializer that emits only known tags and attributes: text is escaped, link
// hrefs and image sources are checked again, and no style or event attribute
// can appear. Output is cached per caller-supplied key (e.g.
// `case:<id>:rev:<n>:<section>`), since a revision never changes.
import type { JSONContent } from "@tiptap/core";
import type { Mark, Node as PMNode } from "@tiptap/pm/model";
import { LINK_REL } from "./extension-list.ts";
import type { DocKind } from "./limits.ts";
import { docSchema, tiptap } from "./schema.server.ts";
import { isSafeHref, isUploadUrl } from "./urls.ts";
import { stripUnsafeChars } from "./validate.server.ts";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function attr(name: string, value: string | number | null | undefined): string {
  return value === null || value === undefined || value === "" ? "" : ` ${name}="${escapeHtml(String(value))}"`;
}

function wrapMark(mark: Mark, inner: string): string {
  switch (mark.type.name) {
    case "bold":
      return `<strong>${inner}</strong>`;
    case "italic":
      return `<em>${inner}</em>`;
    case "strike":
      return `<s>${inner}</s>`;
    case "code":
      return `<code>${inner}</code>`;
    case "link": {
      const href = mark.attrs.href as unknown;
      // A link that is not (or no longer) allowed keeps its text, loses the link.
      if (!isSafeHref(href)) return inner;
      return `<a href="${escapeHtml(href)}" rel="${LINK_REL}"${attr("title", mark.attrs.title as string | null)}>${inner}</a>`;
    }
    default:
      return inner;
  }
}

function children(node: PMNode): string {
  let html = "";
  node.forEach((child) => {
    html += serialize(child);
  });
  return html;
}

function cellAttrs(node: PMNode): string {
  const { colspan, rowspan, align } = node.attrs as { colspan: number; rowspan: number; align: string | null };
  return (
    (colspan > 1 ? attr("colspan", colspan) : "") +
    (rowspan > 1 ? attr("rowspan", rowspan) : "") +
    (align === "left" || align === "center" || align === "right" ? ` class="align-${align}"` : "")
  );
}

function serialize(node: PMNode): string {
  switch (node.type.name) {
    case "doc":
      return children(node);
    case "text": {
      let html = escapeHtml(stripUnsafeChars(node.text ?? ""));
      // Innermost mark first, so <a> ends up outermost like the editor's output.
      for (let i = node.marks.length - 1; i >= 0; i--) html = wrapMark(node.marks[i]!, html);
      return html;
    }
    case "paragraph":
      return `<p>${children(node)}</p>`;
    case "heading": {
      const level = Math.min(4, Math.max(2, Number(node.attrs.level) || 2));
      return `<h${level}>${children(node)}</h${level}>`;
    }
    case "blockquote":
      return `<blockquote>${children(node)}</blockquote>`;
    case "bulletList":
      return `<ul>${children(node)}</ul>`;
    case "orderedList": {
      const start = Number(node.attrs.start);
      const type = node.attrs.type as string | null;
      return `<ol${Number.isInteger(start) && start !== 1 ? attr("start", start) : ""}${
        type && /^[1aAiI]$/.test(type) ? attr("type", type) : ""
      }>${children(node)}</ol>`;
    }
    case "listItem":
      return `<li>${children(node)}</li>`;
    case "hardBreak":
      return "<br>";
    case "horizontalRule":
      return "<hr>";
    case "image": {
      const src = node.attrs.src as unknown;
      if (!isUploadUrl(src)) return "";
      const width = Number.isInteger(node.attrs.width) ? (node.attrs.width as number) : null;
      const height = Number.isInteger(node.attrs.height) ? (node.attrs.height as number) : null;
      return `<img src="${escapeHtml(src)}" alt="${escapeHtml(String(node.attrs.alt ?? ""))}"${attr("title", node.attrs.title as string | null)}${attr(
        "width",
        width,
      )}${attr("height", height)} loading="lazy" decoding="async">`;
    }
    case "table":
      // Wide tables scroll inside their own box; tabindex lets keyboard users scroll it.
      return `<div class="table-scroll" tabindex="0"><table><tbody>${children(node)}</tbody></table></div>`;
    case "tableRow":
      return `<tr>${children(node)}</tr>`;
    case "tableCell":
      return `<td${cellAttrs(node)}>${children(node)}</td>`;
    case "tableHeader":
      return `<th${cellAttrs(node)}>${children(node)}</th>`;
    case "mention": {
      const id = String(node.attrs.id ?? "");
      const label = String(node.attrs.label ?? id);
      return `<span class="mention" data-mention-id="${escapeHtml(id)}">@${escapeHtml(label)}</span>`;
    }
    default:
      // A node type added to the extension list without a case here: fall back
      // to its own renderHTML, which escapes text and drops on* attributes.
      return tiptap().domOutputSpecToHTMLString(node.type.spec.toDOM!(node))(children(node));
  }
}

/**
 * HTML for a ProseMirror node that has already passed validateDoc. Exported for
 * tests of the serializer's own defenses; pages use renderDocHtml.
 */
export function serializeNode(node: PMNode): string {
  return serialize(node);
}

// ---------------------------------------------------------------------------
// A small LRU cache: Map keeps insertion order, so the first key is the oldest.

const CACHE_MAX_ENTRIES = 1_000;
const CACHE_MAX_BYTES = 32 * 1024 * 1024;
const cache = new Map<string, string>();
let cacheBytes = 0;

function cacheGet(key: string): string | undefined {
  const hit = cache.get(key);
  if (hit === undefined) return undefined;
  cache.delete(key);
  cache.set(key, hit);
  return hit;
}

function cacheSet(key: string, html: string) {
  const old = cache.get(key);
  if (old !== undefined) {
    cacheBytes -= old.length * 2;
    cache.delete(key);
  }
  cache.set(key, html);
  cacheBytes += html.length * 2;
  while (cache.size > CACHE_MAX_ENTRIES || cacheBytes > CACHE_MAX_BYTES) {
    const oldest = cache.keys().next().value as string;
    cacheBytes -= (cache.get(oldest)?.length ?? 0) * 2;
    cache.delete(oldest);
  }
}

export function renderCacheStats() {
  return { entries: cache.size, bytes: cacheBytes, maxEntries: CACHE_MAX_ENTRIES };
}

export function clearRenderCache() {
  cache.clear();
  cacheBytes = 0;
}

/**
 * HTML for a stored document (already accepted by validateDoc when it was saved).
 * `cacheKey` must change whenever the document does (include the revision
 * number). The document is parsed with the schema but not validated again: the
 * serializer emits only checked tags, attributes and URLs by itself (see
 * xss.test.ts), and full validation would triple the cost. A document the
 * schema cannot read renders as "" rather than failing the page.
 */
export function renderDocHtml(doc: unknown, kind: DocKind, opts: { cacheKey?: string } = {}): string {
  const key = opts.cacheKey ? `${kind}:${opts.cacheKey}` : undefined;
  if (key) {
    const hit = cacheGet(key);
    if (hit !== undefined) return hit;
  }
  let html = "";
  try {
    const json = typeof doc === "string" ? (JSON.parse(doc) as unknown) : doc;
    if (json && typeof json === "object" && (json as JSONContent).type === "doc") {
      html = serialize(docSchema(kind).nodeFromJSON(json));
    }
  } catch {
    html = "";
  }
  if (key) cacheSet(key, html);
  return html;
}

/** For renderer tests: the kind's schema, to build nodes that skip validation. */
export function nodeFromJSONUnchecked(json: JSONContent, kind: DocKind): PMNode {
  return docSchema(kind).nodeFromJSON(json);
}

const BLOCKS = new Set([
  "paragraph",
  "heading",
  "blockquote",
  "bulletList",
  "orderedList",
  "listItem",
  "table",
  "horizontalRule",
]);

/**
 * Plain text for search and diffs: one line per paragraph, heading, list item
 * and table row (cells joined by tabs); hard breaks are newlines; mentions "@label".
 */
export function docToPlainText(doc: JSONContent | null | undefined): string {
  return doc ? plainLines(doc, 0).join("\n") : "";
}

function plainLines(root: JSONContent, depth: number): string[] {
  const lines: string[] = [];
  let line = "";
  const flush = () => {
    if (line.trim() !== "") lines.push(line.replace(/\s+$/, ""));
    line = "";
  };
  const walk = (n: JSONContent, d: number) => {
    if (d > 64) return;
    switch (n.type) {
      case "text":
        line += n.text ?? "";
        return;
      case "hardBreak":
        line += "\n";
        return;
      case "mention":
        line += `@${String(n.attrs?.label ?? n.attrs?.id ?? "")}`;
        return;
      case "image":
        if (n.attrs?.alt) line += String(n.attrs.alt);
        return;
      case "tableRow":
        flush();
        line = (n.content ?? [])
          .map((cell) =>
            plainLines({ type: "doc", content: cell.content }, d + 1)
              .join(" ")
              .replace(/\s+/g, " "),
          )
          .join("\t");
        flush();
        return;
    }
    const block = n.type !== undefined && BLOCKS.has(n.type);
    if (block) flush();
    for (const c of n.content ?? []) walk(c, d + 1);
    if (block) flush();
  };
  walk(root, depth);
  flush();
  return lines;
}
