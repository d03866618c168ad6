// Properties of the Tiptap validator (issue 10.13): whatever JSON arrives, it
// returns a result (never throws), errors are known keys, an accepted document
// stays within the limits and carries no unsafe characters, and validating an
// accepted document again gives it back unchanged (idempotence).
import fc from "fast-check";
import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { DOC_LIMITS, type DocKind } from "./extensions.ts";
import { EDITOR_ERRORS, validateDoc } from "./validate.server.ts";

const UPLOAD = `/resources/uploads/${"ab".repeat(32)}.webp`;
const KNOWN_ERRORS = new Set<string>(Object.values(EDITOR_ERRORS));
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]/;

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 30, unit: "binary" }),
  fc.constantFrom("数字化转型", "\u0000", "\u202e", "<script>", "javascript:alert(1)", " ", ""),
);
const mark = fc.oneof(
  fc.constantFrom({ type: "bold" }, { type: "italic" }, { type: "strike" }, { type: "code" }, { type: "evil" }),
  fc.record({
    type: fc.constant("link"),
    attrs: fc.record({
      href: fc.constantFrom("https://www.mofcom.gov.cn/", "mailto:a@b.cn", "javascript:alert(1)", "data:x", "/x", ""),
      target: fc.constantFrom("_blank", null),
    }),
  }),
);
const textNode = fc.record(
  { type: fc.constant("text"), text, marks: fc.option(fc.array(mark, { maxLength: 3 }), { nil: undefined }) },
  { requiredKeys: ["type", "text"] },
);

/** Documents built from the schema's own node types, plus strangers. */
const { node } = fc.letrec<{ node: JSONContent }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    textNode as fc.Arbitrary<JSONContent>,
    fc.record({
      type: fc.constantFrom(
        "paragraph",
        "blockquote",
        "bulletList",
        "orderedList",
        "listItem",
        "doc",
        "table",
        "unknownNode",
      ),
      content: fc.array(tie("node"), { maxLength: 4 }),
    }),
    fc.record({
      type: fc.constant("heading"),
      attrs: fc.record({ level: fc.oneof(fc.constantFrom(1, 2, 3, 4, 7), fc.string({ maxLength: 3 })) }),
      content: fc.array(textNode, { maxLength: 3 }),
    }) as fc.Arbitrary<JSONContent>,
    fc.record({
      type: fc.constant("image"),
      attrs: fc.record({
        src: fc.constantFrom(UPLOAD, "javascript:alert(1)", "https://evil.example/x.png"),
        alt: text,
      }),
    }) as fc.Arbitrary<JSONContent>,
    fc.constantFrom({ type: "hardBreak" }, { type: "horizontalRule" }, { type: "mention", attrs: { id: "someone" } }),
  ),
}));
const doc = fc.array(node, { maxLength: 6 }).map((content): JSONContent => ({ type: "doc", content }));

/** Documents the editor itself would send, with hostile characters sprinkled into the text. */
const dirty = fc.constantFrom("\u0000", "\u202e", "\u2066", "\u0007", "\ufff9", "");
const goodText = fc
  .tuple(fc.string({ minLength: 1, maxLength: 20 }), dirty, fc.constantFrom("案例", "case", "数据"))
  .map(([a, d, b]) => `${a}${d}${b}`);
const goodInline = fc.record(
  {
    type: fc.constant("text"),
    text: goodText,
    marks: fc.array(
      fc.oneof(
        fc.constantFrom({ type: "bold" }, { type: "italic" }, { type: "strike" }),
        fc.constant({ type: "link", attrs: { href: "https://www.mofcom.gov.cn/" } }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ["type", "text"] },
) as fc.Arbitrary<JSONContent>;
const paragraph = fc
  .array(goodInline, { maxLength: 4 })
  .map((content): JSONContent => ({ type: "paragraph", content }));
const goodBlock = fc.oneof(
  paragraph,
  fc
    .tuple(fc.constantFrom(2, 3, 4), fc.array(goodInline, { minLength: 1, maxLength: 2 }))
    .map(([level, content]): JSONContent => ({ type: "heading", attrs: { level }, content })),
  fc
    .tuple(fc.constantFrom("bulletList", "orderedList"), fc.array(paragraph, { minLength: 1, maxLength: 3 }))
    .map(([type, ps]): JSONContent => ({ type, content: ps.map((p) => ({ type: "listItem", content: [p] })) })),
  fc.array(paragraph, { minLength: 1, maxLength: 2 }).map((content): JSONContent => ({ type: "blockquote", content })),
  fc.constant<JSONContent>({ type: "horizontalRule" }),
  fc.constant<JSONContent>({ type: "image", attrs: { src: UPLOAD, alt: "图" } }),
);
const wellFormed = fc
  .array(goodBlock, { minLength: 1, maxLength: 8 })
  .map((content): JSONContent => ({ type: "doc", content }));

const anything = fc.oneof(
  wellFormed,
  wellFormed,
  doc,
  fc.jsonValue(),
  doc.map((d) => JSON.stringify(d)),
  fc.string(),
);

function walk(n: JSONContent, visit: (n: JSONContent, depth: number) => void, depth = 1) {
  visit(n, depth);
  for (const c of n.content ?? []) walk(c, visit, depth + 1);
}

for (const kind of ["case", "comment"] as DocKind[]) {
  describe(`validateDoc (${kind}, properties)`, () => {
    it("never throws; refusals name known errors; accepted documents are within limits and clean; validating again changes nothing", () => {
      fc.assert(
        fc.property(anything, (input) => {
          const result = validateDoc(input, kind);
          if (!result.ok) {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const e of result.errors) expect(KNOWN_ERRORS.has(e), e).toBe(true);
            return;
          }
          const limits = DOC_LIMITS[kind];
          let nodes = 0;
          let chars = 0;
          let depth = 0;
          walk(result.doc, (n, d) => {
            nodes++;
            depth = Math.max(depth, d);
            if (n.type === "text") {
              chars += n.text!.length;
              expect(n.text).not.toMatch(UNSAFE);
            }
            const href = n.marks?.find((m) => m.type === "link")?.attrs?.href;
            if (typeof href === "string") expect(href).toMatch(/^(https?:|mailto:|\/)/);
            if (n.type === "image") expect(n.attrs?.src).toBe(UPLOAD);
          });
          expect(nodes).toBeLessThanOrEqual(limits.maxNodes);
          expect(chars).toBeLessThanOrEqual(limits.maxChars);
          expect(depth).toBeLessThanOrEqual(limits.maxDepth + 1);
          expect(Buffer.byteLength(JSON.stringify(result.doc))).toBeLessThanOrEqual(limits.maxBytes);
          const again = validateDoc(result.doc, kind);
          expect(again.ok).toBe(true);
          if (again.ok) expect(again.doc).toEqual(result.doc);
        }),
        { numRuns: 1500 },
      );
    });
  });
}

describe("validateDoc (case, properties)", () => {
  it("takes what the editor sends: documents of the schema's own nodes are accepted, hostile characters dropped", () => {
    fc.assert(
      fc.property(wellFormed, (input) => {
        const result = validateDoc(input, "case");
        expect(result.ok, JSON.stringify(result.ok ? null : result.details)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
