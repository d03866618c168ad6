import { z } from "zod";
import { CASE_MODERATIONS, MODERATION_REASON_MAX } from "~/models/moderation-input.ts";

/** Hide, unhide, lock or unlock a case, with the reason its author will read. */
export const CaseModerationSchema = z.object({
  intent: z.enum(CASE_MODERATIONS, { errorMap: () => ({ message: "moderation:errors.notFound" }) }),
  reason: z
    .string({ required_error: "moderation:errors.reasonRequired" })
    .trim()
    .min(1, "moderation:errors.reasonRequired")
    .max(MODERATION_REASON_MAX, "moderation:errors.reasonTooLong"),
});
