// The browser's check of the comment and edit forms, with the schemas the action
// uses (discussion-schemas.ts). A module of its own so that Zod (~23 KiB
// compressed) loads only when a comment form is on the page (comment-form.tsx).
import { parseWithZod } from "@conform-to/zod";
import { commentSchema, editSchema } from "./discussion-schemas.ts";

const schemas = { comment: commentSchema(), edit: editSchema() };

export function validateCommentForm(intent: keyof typeof schemas, formData: FormData) {
  return parseWithZod(formData, { schema: schemas[intent] });
}
