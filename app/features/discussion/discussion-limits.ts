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
