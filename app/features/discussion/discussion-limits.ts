// Size limits of the discussion's forms, without the Zod schemas that check them
// (discussion-schemas.ts): the page's components need the numbers at once, while
// Zod loads only when someone writes (comment-form.tsx).
import { DOC_LIMITS } from "~/editor/limits.ts";

export const COMMENT_MAX_CHARS = DOC_LIMITS.comment.maxChars;
export const REASON_MAX = 500;
