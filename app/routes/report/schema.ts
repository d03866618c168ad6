import { z } from "zod";
import { optionalText } from "~/utils/optional-text.ts";
import { REPORT_NOTE_MAX, REPORT_REASONS, REPORT_TARGETS } from "~/models/moderation-input.ts";

/** A report of a case or a comment: a reason from the list and an optional note. */
export const ReportSchema = z.object({
  type: z.enum(REPORT_TARGETS, { errorMap: () => ({ message: "moderation:errors.notFound" }) }),
  id: z.string({ required_error: "moderation:errors.notFound" }).max(64, "moderation:errors.notFound"),
  reason: z.enum(REPORT_REASONS, { errorMap: () => ({ message: "moderation:errors.reasonChoose" }) }),
  note: optionalText(REPORT_NOTE_MAX, "moderation:errors.noteTooLong"),
});
