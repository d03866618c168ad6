// The affiliation request form: one schema for Conform on the client and
// parseWithZod on the server. Messages are i18n keys.
import { z } from "zod";

export const AffiliationRequestSchema = z.object({
  base: z
    .string({ required_error: "bases:errors.baseRequired" })
    .regex(/^[a-z0-9-]{1,120}$/, "bases:errors.baseRequired"),
  message: z
    .string({ required_error: "bases:errors.messageRequired" })
    .trim()
    .min(2, "bases:errors.messageRequired")
    .max(500, "bases:errors.messageTooLong"),
});
