import { z } from "zod";
import { optionalText } from "~/utils/optional-text.ts";
import { BULK_MAX, MODERATION_REASON_MAX, QUEUE_ACTIONS } from "~/models/moderation-input.ts";

/** One action on the selected items; every action but dismissing needs the reason the author will read. */
export const QueueActionSchema = z
  .object({
    item: z
      .array(z.string().max(80), { required_error: "moderation:errors.noneSelected" })
      .min(1, "moderation:errors.noneSelected")
      .max(BULK_MAX, "moderation:errors.tooMany"),
    action: z.enum(QUEUE_ACTIONS, { errorMap: () => ({ message: "moderation:errors.actionChoose" }) }),
    reason: optionalText(MODERATION_REASON_MAX, "moderation:errors.reasonTooLong"),
    // The filters the page was showing, kept across the redirect.
    back: z.string().max(300).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.action !== "dismiss" && !v.reason)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["reason"], message: "moderation:errors.reasonRequired" });
  });
