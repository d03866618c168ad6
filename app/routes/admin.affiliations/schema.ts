import { z } from "zod";
import { optionalText } from "~/utils/optional-text.ts";

/** Approve (an optional note) or reject (a reason the member will read). */
export const ReviewSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("approve"),
    requestId: z.string().min(1),
    reason: optionalText(500, "admin:errors.reasonTooLong"),
  }),
  z.object({
    intent: z.literal("reject"),
    requestId: z.string().min(1),
    reason: z
      .string({ required_error: "admin:errors.reasonRequired" })
      .trim()
      .min(1, "admin:errors.reasonRequired")
      .max(500, "admin:errors.reasonTooLong"),
  }),
]);
