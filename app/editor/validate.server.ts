// Checks a Tiptap JSON document posted by the editor (or any client) before it is
// stored: only node, mark and attribute types the kind's schema defines, link
// hrefs http/https/mailto only, image sources only our own uploads, bounded size
// and depth, and a structure ProseMirror itself accepts. HTML is never accepted.
// Errors are i18n keys ("editor:errors.*"); `details` says what exactly was wrong
// (for logs and tests, not for people).
import type { JSONContent } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { z } from "zod";
import { HEADING_LEVELS, LINK_REL } from "./extension-list.ts";
import { DOC_LIMITS, type DocKind } from "./limits.ts";
import { docSchema } from "./schema.server.ts";
import { isSafeHref, isUploadUrl } from "./urls.ts";
import { stripUnsafeChars } from "~/utils/text.ts";

export type ValidateResult =
  { ok: true; doc: JSONContent; node: PMNode } | { ok: false; errors: string[]; details: string[] };

export const EDITOR_ERRORS = {
  invalidJson: "editor:errors.invalidJson",
  notADocument: "editor:errors.notADocument",
  tooLarge: "editor:errors.tooLarge",
  tooDeep: "editor:errors.tooDeep",
  tooManyNodes: "editor:errors.tooManyNodes",
  tooLong: "editor:errors.tooLong",
  unknownNode: "editor:errors.unknownNode",
  unknownMark: "editor:errors.unknownMark",
  unknownAttribute: "editor:errors.unknownAttribute",
  badAttribute: "editor:errors.badAttribute",
  badLink: "editor:errors.badLink",
  badImage: "editor:errors.badImage",
  invalidStructure: "editor:errors.invalidStructure",
} as const;
type ErrorKey = (typeof EDITOR_ERRORS)[keyof typeof EDITOR_ERRORS];

// ---------------------------------------------------------------------------
// Attribute rules. Each returns the normalized value, or INVALID. A key that
// has no rule for its type is rejected as unknown.

const INVALID = Symbol("invalid");
type Rule = (value: unknown) => unknown;

const nullable =
  (rule: Rule): Rule =>
  (v) =>
    v === null || v === undefined ? null : rule(v);
const int =
  (min: number, max: number): Rule =>
  (v) =>
    typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : INVALID;
const oneOf =
  (...values: unknown[]): Rule =>
  (v) =>
    values.includes(v) ? v : INVALID;
const plainString =
  (max: number): Rule =>
  (v) =>
    typeof v === "string" && v.length <= max ? stripUnsafeChars(v) : INVALID;
/** Attributes the schema defines but that people do not control: always reset. */
const forced =
  (value: unknown): Rule =>
  () =>
    value;
const withDefault =
  (rule: Rule, fallback: unknown): Rule =>
  (v) =>
    v === undefined ? fallback : rule(v);

const cellAttrs: Record<string, Rule> = {
  colspan: withDefault(int(1, 50), 1),
  rowspan: withDefault(int(1, 500), 1),
  colwidth: forced(null),
  align: nullable(oneOf("left", "center", "right")),
};

const NODE_ATTRS: Record<string, Record<string, Rule>> = {
  heading: { level: (v) => ((HEADING_LEVELS as readonly unknown[]).includes(v) ? v : INVALID) },
  orderedList: { start: withDefault(int(0, 1_000_000), 1), type: nullable(oneOf("1", "a", "A", "i", "I")) },
  image: {
    src: (v) => (isUploadUrl(v) ? v : INVALID),
    alt: nullable(plainString(500)),
    title: nullable(plainString(500)),
    width: nullable(int(1, 10_000)),
    height: nullable(int(1, 10_000)),
  },
  tableCell: cellAttrs,
  tableHeader: cellAttrs,
  mention: {
    id: (v) => (typeof v === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(v) ? v : INVALID),
    label: nullable(plainString(64)),
    mentionSuggestionChar: withDefault(oneOf("@"), "@"),
  },
};

const MARK_ATTRS: Record<string, Record<string, Rule>> = {
  link: {
    href: (v) => (isSafeHref(v) ? v : INVALID),
    target: forced(null),
    rel: forced(LINK_REL),
    class: forced(null),
    title: nullable(plainString(500)),
  },
};

/** Attributes that must be present (PM would otherwise fill in a default we do not want). */
const REQUIRED_ATTRS: Record<string, string[]> = {
  heading: ["level"],
  image: ["src"],
  mention: ["id"],
  link: ["href"],
};

// C0/C1 controls (but tab and newline), and bidi embeddings, overrides and
// isolates, which can make text read differently from what it is: the shared
// list in app/utils/text.ts (re-exported for the renderer and the XSS tests).
export { stripUnsafeChars };

// ---------------------------------------------------------------------------

class Problems {
  errors = new Set<ErrorKey>();
  details: string[] = [];
  add(key: ErrorKey, detail: string) {
    this.errors.add(key);
    if (this.details.length < 20) this.details.push(detail);
  }
  get any() {
    return this.errors.size > 0;
  }
}

const NODE_KEYS = new Set(["type", "attrs", "content", "marks", "text"]);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

export function validateDoc(json: unknown, kind: DocKind): ValidateResult {
  const limits = DOC_LIMITS[kind];
  const schema = docSchema(kind);
  const problems = new Problems();
  const fail = (): ValidateResult => ({ ok: false, errors: [...problems.errors], details: problems.details });

  let input = json;
  if (typeof input === "string") {
    if (byteLength(input) > limits.maxBytes) {
      problems.add(EDITOR_ERRORS.tooLarge, `serialized input over ${limits.maxBytes} bytes`);
      return fail();
    }
    if (/^\s*</.test(input)) {
      problems.add(EDITOR_ERRORS.invalidJson, "HTML is not accepted, only Tiptap JSON");
      return fail();
    }
    try {
      input = JSON.parse(input);
    } catch {
      problems.add(EDITOR_ERRORS.invalidJson, "input is not JSON");
      return fail();
    }
  }
  if (!isPlainObject(input) || input.type !== "doc") {
    problems.add(EDITOR_ERRORS.notADocument, 'top level must be {"type":"doc"}');
    return fail();
  }

  let nodes = 0;
  let chars = 0;
  let stopped = false;

  function attrsFor(
    owner: string,
    raw: unknown,
    rules: Record<string, Rule> | undefined,
    required: string[] | undefined,
    what: "node" | "mark",
  ): Record<string, unknown> | undefined {
    if (raw !== undefined && raw !== null && !isPlainObject(raw)) {
      problems.add(EDITOR_ERRORS.badAttribute, `${what} ${owner}: attrs is not an object`);
      return undefined;
    }
    const given = (raw ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(given)) {
      // Own properties only: "__proto__" or "constructor" must not find Object's.
      if (!rules || !Object.prototype.hasOwnProperty.call(rules, key)) {
        problems.add(EDITOR_ERRORS.unknownAttribute, `${what} ${owner}: unknown attribute "${key.slice(0, 40)}"`);
      }
    }
    for (const [key, rule] of Object.entries(rules ?? {})) {
      if (!(key in given) && !required?.includes(key)) {
        const v = rule(undefined);
        if (v !== INVALID && v !== undefined) out[key] = v;
        continue;
      }
      const value = rule(given[key]);
      if (value === INVALID) {
        const key2: ErrorKey =
          owner === "link" && key === "href"
            ? EDITOR_ERRORS.badLink
            : owner === "image" && key === "src"
              ? EDITOR_ERRORS.badImage
              : EDITOR_ERRORS.badAttribute;
        problems.add(key2, `${what} ${owner}: bad value for "${key}": ${JSON.stringify(given[key])?.slice(0, 80)}`);
      } else if (value !== undefined) out[key] = value;
    }
    return Object.keys(out).length ? out : undefined;
  }

  function sanitize(raw: unknown, depth: number): JSONContent | null {
    if (stopped) return null;
    if (depth > limits.maxDepth) {
      problems.add(EDITOR_ERRORS.tooDeep, `nesting deeper than ${limits.maxDepth}`);
      stopped = true;
      return null;
    }
    if (++nodes > limits.maxNodes) {
      problems.add(EDITOR_ERRORS.tooManyNodes, `more than ${limits.maxNodes} nodes`);
      stopped = true;
      return null;
    }
    if (!isPlainObject(raw) || typeof raw.type !== "string") {
      problems.add(EDITOR_ERRORS.invalidStructure, "a node is not an object with a type");
      return null;
    }
    const type = raw.type;
    for (const key of Object.keys(raw)) {
      if (!NODE_KEYS.has(key))
        problems.add(EDITOR_ERRORS.unknownAttribute, `node ${type.slice(0, 40)}: unknown field "${key.slice(0, 40)}"`);
    }
    if (!Object.prototype.hasOwnProperty.call(schema.nodes, type)) {
      problems.add(EDITOR_ERRORS.unknownNode, `unknown node type "${type.slice(0, 40)}"`);
      return null;
    }
    const out: JSONContent = { type };

    if (type === "text") {
      if (typeof raw.text !== "string") {
        problems.add(EDITOR_ERRORS.invalidStructure, "text node without text");
        return null;
      }
      if (raw.content !== undefined || raw.attrs !== undefined)
        problems.add(EDITOR_ERRORS.invalidStructure, "text node with content or attrs");
      const text = stripUnsafeChars(raw.text);
      chars += text.length;
      if (chars > limits.maxChars) {
        problems.add(EDITOR_ERRORS.tooLong, `more than ${limits.maxChars} characters`);
        stopped = true;
        return null;
      }
      if (!text) return null; // ProseMirror has no empty text nodes
      out.text = text;
    } else if (raw.text !== undefined) {
      problems.add(EDITOR_ERRORS.invalidStructure, `node ${type} carries text`);
    }

    const attrs = attrsFor(type, raw.attrs, NODE_ATTRS[type], REQUIRED_ATTRS[type], "node");
    if (attrs) out.attrs = attrs;

    if (raw.marks !== undefined) {
      if (!Array.isArray(raw.marks)) problems.add(EDITOR_ERRORS.invalidStructure, "marks is not an array");
      else {
        const seen = new Set<string>();
        const marks: NonNullable<JSONContent["marks"]> = [];
        for (const m of raw.marks) {
          if (!isPlainObject(m) || typeof m.type !== "string") {
            problems.add(EDITOR_ERRORS.invalidStructure, "a mark is not an object with a type");
            continue;
          }
          for (const key of Object.keys(m)) {
            if (key !== "type" && key !== "attrs")
              problems.add(
                EDITOR_ERRORS.unknownAttribute,
                `mark ${m.type.slice(0, 40)}: unknown field "${key.slice(0, 40)}"`,
              );
          }
          if (!Object.prototype.hasOwnProperty.call(schema.marks, m.type)) {
            problems.add(EDITOR_ERRORS.unknownMark, `unknown mark type "${m.type.slice(0, 40)}"`);
            continue;
          }
          if (seen.has(m.type)) continue;
          seen.add(m.type);
          const markAttrs = attrsFor(m.type, m.attrs, MARK_ATTRS[m.type], REQUIRED_ATTRS[m.type], "mark");
          marks.push(markAttrs ? { type: m.type, attrs: markAttrs } : { type: m.type });
        }
        if (marks.length) out.marks = marks;
      }
    }

    if (raw.content !== undefined) {
      if (!Array.isArray(raw.content))
        problems.add(EDITOR_ERRORS.invalidStructure, `node ${type}: content is not an array`);
      else if (type === "text") {
        /* already reported */
      } else {
        const content: JSONContent[] = [];
        for (const child of raw.content) {
          const c = sanitize(child, depth + 1);
          if (c) content.push(c);
          if (stopped) break;
        }
        if (content.length) out.content = content;
      }
    }
    return out;
  }

  const clean = sanitize(input, 1);
  if (problems.any || !clean) return fail();

  let node: PMNode;
  try {
    node = schema.nodeFromJSON(clean);
    node.check();
  } catch (e) {
    problems.add(EDITOR_ERRORS.invalidStructure, e instanceof Error ? e.message.slice(0, 200) : "invalid document");
    return fail();
  }
  const doc = node.toJSON() as JSONContent;
  if (byteLength(JSON.stringify(doc)) > limits.maxBytes) {
    problems.add(EDITOR_ERRORS.tooLarge, `serialized document over ${limits.maxBytes} bytes`);
    return fail();
  }
  return { ok: true, doc, node };
}

const CONTENT_LEAVES = new Set(["image", "horizontalRule", "table", "mention"]);

/** True when a document has no visible content (only empty paragraphs and whitespace). */
export function isEmptyDoc(doc: JSONContent | null | undefined): boolean {
  if (!doc) return true;
  const stack: JSONContent[] = [doc];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "text" && n.text && n.text.trim() !== "") return false;
    if (n.type && CONTENT_LEAVES.has(n.type)) return false;
    if (n.content) stack.push(...n.content);
  }
  return true;
}

/**
 * A document from a textarea's text (the comment form without JavaScript):
 * blank lines separate paragraphs, single line breaks become hard breaks.
 * Pass the result through validateDoc like any other document.
 */
export function docFromPlainText(text: string): JSONContent {
  const normalized = stripUnsafeChars(text.replace(/\r\n?/g, "\n")).replace(/\t/g, " ");
  const paragraphs = normalized
    .split(/\n[ \u3000]*\n+/)
    .map((p) => p.replace(/^\n+|\s+$/g, ""))
    .filter((p) => p.trim() !== "");
  if (!paragraphs.length) return { type: "doc", content: [{ type: "paragraph" }] };
  return {
    type: "doc",
    content: paragraphs.map((p) => {
      const content: JSONContent[] = [];
      p.split("\n").forEach((line, i) => {
        if (i > 0) content.push({ type: "hardBreak" });
        if (line) content.push({ type: "text", text: line });
      });
      return { type: "paragraph", content };
    }),
  };
}

/**
 * A Zod field for server-side form schemas (parseWithZod): takes the editor's
 * hidden-input JSON and yields the normalized document, or issues whose messages
 * are editor:errors.* keys. The browser-side schema can use z.string() for the
 * same field, since the full check needs the server's schema.
 */
export function richTextField(kind: DocKind, opts: { required?: boolean } = {}) {
  return z.string({ required_error: "editor:errors.required" }).transform((value, ctx): JSONContent => {
    const r = validateDoc(value, kind);
    if (!r.ok) {
      for (const message of r.errors) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      return z.NEVER;
    }
    if (opts.required && isEmptyDoc(r.doc)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "editor:errors.required" });
      return z.NEVER;
    }
    return r.doc;
  });
}
