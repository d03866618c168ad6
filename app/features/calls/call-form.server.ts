// The server side of the call form (new and edit): the same fields as the
// browser's CallFormSchema, with the description checked against the editor
// schema and the deadline read as Beijing time.
import { parseWithZod } from "@conform-to/zod";
import { richTextField, isEmptyDoc } from "~/editor/validate.server.ts";
import { CallFormSchema } from "~/models/call-input.ts";
import type { CallInput } from "~/models/call.server.ts";
import { parseBeijingLocal } from "~/utils/beijing-time.ts";

export const CallServerSchema = CallFormSchema.extend({
  description: richTextField("case", { required: true }),
  descriptionEn: richTextField("case").optional(),
});

export function parseCallForm(form: FormData) {
  const submission = parseWithZod(form, { schema: CallServerSchema });
  if (submission.status !== "success") return { submission, input: null };
  const v = submission.value;
  const input: CallInput = {
    title: v.title,
    titleEn: v.titleEn,
    description: v.description,
    descriptionEn: v.descriptionEn && !isEmptyDoc(v.descriptionEn) ? v.descriptionEn : null,
    topics: v.topics,
    industries: v.industries,
    deadline: parseBeijingLocal(v.deadline)!,
  };
  return { submission, input };
}
