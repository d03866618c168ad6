// Size limits of the discussion's forms, without the Zod schemas that check them
// (discussion-schemas.ts): the page's components need the numbers at once, while
// Zod loads only when someone writes (comment-form.tsx).
import { DOC_LIMITS } from "~/editor/limits.ts";

export const COMMENT_MAX_CHARS = DOC_LIMITS.comment.maxChars;
export const REASON_MAX = 500;

/** The id of a helpful-vote form (its fetcher's key, and the formId of its answers): the case's or a comment's. */
export function voteFormId(targetType: "case" | "comment", targetId?: string | null): string {
  return `vote-${targetType}-${targetType === "case" ? "case" : (targetId ?? "")}`;
}

const COMMENT_FORM_PREFIX = { delete: "delete", "most-useful": "useful", hide: "hide", unhide: "unhide" } as const;

/**
 * The id of a comment's delete, most-useful, hide or unhide form. Those forms do
 * not send it (the comment's id is their button's value): the server derives it
 * for its answer, and the page finds the answer's errors under it.
 */
export function commentFormId(intent: keyof typeof COMMENT_FORM_PREFIX, commentId: string): string {
  return `${COMMENT_FORM_PREFIX[intent]}-${commentId}`;
}

/** commentFormId for a posted intent, or null for intents whose forms send their id (comment, edit, vote). */
export function postedCommentFormId(intent: string, commentId: string): string | null {
  return Object.hasOwn(COMMENT_FORM_PREFIX, intent) && commentId
    ? commentFormId(intent as keyof typeof COMMENT_FORM_PREFIX, commentId)
    : null;
}
