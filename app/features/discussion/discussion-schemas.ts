// The discussion's forms, one Zod schema each, shared by the browser (Conform's
// onValidate) and the case page's action (parseWithZod). Messages are i18n keys
// (translated by the forms; "discussion:errors.tooLong" takes {{max}}).
//
// A comment's content arrives either as the editor's JSON (`body`) or, without
// JavaScript or before the editor loaded, as the textarea's text (`text`). The
// schemas take the check of that content as a parameter: the browser's is cheap
// and never stricter than the server's (it counts a lower bound of the
// characters the server counts), the server's builds and validates the document
// (parseCommentInput) and hands it on as `doc`.
import { z } from "zod";
import { COMMENT_MAX_CHARS, REASON_MAX } from "./discussion-limits.ts";

export { COMMENT_MAX_CHARS, REASON_MAX };
const ID_MAX = 64;

export const DISCUSSION_ERRORS = {
  empty: "discussion:errors.empty",
  tooLong: "discussion:errors.tooLong",
  invalid: "discussion:errors.invalid",
  notFound: "discussion:errors.notFound",
  reasonRequired: "discussion:errors.reasonRequired",
} as const;

export type ContentInput = { text?: string; body?: string };
export type ContentCheck<Doc> = (input: ContentInput) => { ok: true; doc: Doc } | { ok: false; error: string };

/** Text of a document's text nodes and whether it has any visible content (as isEmptyDoc sees it). */
function docStats(doc: unknown): { chars: number; empty: boolean } {
  let chars = 0;
  let empty = true;
  const stack: unknown[] = [doc];
  while (stack.length) {
    const n = stack.pop() as { type?: unknown; text?: unknown; content?: unknown } | null;
    if (!n || typeof n !== "object") continue;
    if (n.type === "text" && typeof n.text === "string") {
      chars += n.text.length;
      if (n.text.trim() !== "") empty = false;
    }
    if (n.type === "image" || n.type === "horizontalRule" || n.type === "table" || n.type === "mention") empty = false;
    if (Array.isArray(n.content)) stack.push(...n.content);
  }
  return { chars, empty };
}

/**
 * The browser's content check. Text: whitespace is not counted (the server
 * counts the spaces inside lines), so nothing the server accepts is refused.
 * A document that does not parse is left to the server.
 */
export const browserContentCheck: ContentCheck<null> = ({ text, body }) => {
  if (body && body.trim()) {
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch {
      return { ok: true, doc: null };
    }
    const stats = docStats(doc);
    if (stats.chars > COMMENT_MAX_CHARS) return { ok: false, error: DISCUSSION_ERRORS.tooLong };
    if (stats.empty) return { ok: false, error: DISCUSSION_ERRORS.empty };
    return { ok: true, doc: null };
  }
  const visible = (text ?? "").replace(/\s+/g, "");
  if (!visible) return { ok: false, error: DISCUSSION_ERRORS.empty };
  if (visible.length > COMMENT_MAX_CHARS) return { ok: false, error: DISCUSSION_ERRORS.tooLong };
  return { ok: true, doc: null };
};

const commentId = z.string({ required_error: DISCUSSION_ERRORS.notFound }).max(ID_MAX, DISCUSSION_ERRORS.notFound);
/** Set by the page once hydrated: the action answers with data instead of a redirect. */
const js = z.string().optional();
const formId = z.string().max(100).optional();
const content = { text: z.string().optional(), body: z.string().optional() };

/** Content problems go on the field that carried the content. */
function withDoc<Doc>(check: ContentCheck<Doc>) {
  return <T extends ContentInput>(v: T, ctx: z.RefinementCtx) => {
    const r = check({ text: v.text, body: v.body });
    if (!r.ok) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [v.body && v.body.trim() ? "body" : "text"],
        message: r.error,
      });
      return z.NEVER;
    }
    return { ...v, doc: r.doc };
  };
}

/** A new comment or a reply (parentId). */
export function commentSchema<Doc = null>(check: ContentCheck<Doc> = browserContentCheck as ContentCheck<Doc>) {
  return z
    .object({
      intent: z.literal("comment"),
      formId,
      js,
      parentId: z.string().max(ID_MAX, DISCUSSION_ERRORS.notFound).optional(),
      ...content,
    })
    .transform(withDoc(check));
}

/** The author's edit of a comment. */
export function editSchema<Doc = null>(check: ContentCheck<Doc> = browserContentCheck as ContentCheck<Doc>) {
  return z.object({ intent: z.literal("edit"), formId, js, commentId, ...content }).transform(withDoc(check));
}

export const deleteSchema = z.object({
  intent: z.literal("delete"),
  formId,
  js,
  commentId,
  reason: z
    .string()
    .trim()
    .optional()
    .transform((r) => r?.slice(0, REASON_MAX) || null),
});

/** A moderator hides with a reason (cut to REASON_MAX, as the field's maxLength does) or shows again. */
export const hideSchema = z.object({
  intent: z.literal("hide"),
  formId,
  js,
  commentId,
  reason: z
    .string({ required_error: DISCUSSION_ERRORS.reasonRequired })
    .trim()
    .min(1, DISCUSSION_ERRORS.reasonRequired)
    .transform((r) => r.slice(0, REASON_MAX)),
});

export const unhideSchema = z.object({ intent: z.literal("unhide"), formId, js, commentId });

/**
 * A helpful vote: the case (its id comes from the page) or one of its comments. The page's forms send
 * only `targetId` (a comment) or nothing (the case): each comment's vote form is two fields fewer
 * (issue 15.2); `targetType` and `formId` are still read when sent.
 */
export const voteSchema = z
  .object({
    intent: z.literal("vote"),
    formId,
    js,
    targetType: z.enum(["case", "comment"], { errorMap: () => ({ message: DISCUSSION_ERRORS.invalid }) }).optional(),
    targetId: z.string().max(ID_MAX, DISCUSSION_ERRORS.notFound).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.targetType === "comment" && !v.targetId)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["targetId"], message: DISCUSSION_ERRORS.notFound });
  });

/** The case's author marks one comment as most useful; no commentId clears the mark. */
export const mostUsefulSchema = z.object({
  intent: z.literal("most-useful"),
  formId,
  js,
  commentId: z.string().max(ID_MAX, DISCUSSION_ERRORS.notFound).optional(),
});
