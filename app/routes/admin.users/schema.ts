import { z } from "zod";
import { optionalText } from "~/utils/optional-text.ts";
import { ROLES } from "~/auth/permissions.ts";

const requiredReason = z
  .string({ required_error: "admin:errors.reasonRequired" })
  .trim()
  .min(1, "admin:errors.reasonRequired")
  .max(500, "admin:errors.reasonTooLong");

export const UserActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("role"),
    userId: z.string().min(1),
    role: z.enum(ROLES, { errorMap: () => ({ message: "admin:errors.roleInvalid" }) }),
    reason: requiredReason,
  }),
  z.object({ intent: z.literal("suspend"), userId: z.string().min(1), reason: requiredReason }),
  z.object({
    intent: z.literal("unsuspend"),
    userId: z.string().min(1),
    reason: optionalText(500, "admin:errors.reasonTooLong"),
  }),
]);
