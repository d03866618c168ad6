// One schema per settings form; the `intent` field tells them apart.
import { z } from "zod";
import {
  addPasswordProblems,
  displayNameField,
  newPasswordField,
  PASSWORD_MAX,
  type PasswordCheck,
} from "~/auth/account-fields.ts";

export const profileSchema = z.object({ intent: z.literal("profile"), displayName: displayNameField });

export const LOCALE_CHOICES = ["browser", "zh-CN", "en"] as const;
export const localeSchema = z.object({ intent: z.literal("locale"), locale: z.enum(LOCALE_CHOICES) });

/** The email-notifications checkbox: absent when unticked, so absent means off. */
export const notificationsSchema = z.object({
  intent: z.literal("notifications"),
  emailNotifications: z.boolean().optional().default(false),
});

export function passwordSchema(check?: PasswordCheck, about: { email?: string; username?: string } = {}) {
  return z
    .object({
      intent: z.literal("password"),
      currentPassword: z
        .string({ required_error: "account:errors.currentPasswordRequired" })
        .max(PASSWORD_MAX, "auth:errors.passwordTooLong"),
      newPassword: newPasswordField(check),
    })
    .superRefine((v, ctx) => {
      addPasswordProblems(ctx, check, "newPassword", v.newPassword, about);
      if (v.newPassword === v.currentPassword) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["newPassword"], message: "account:errors.samePassword" });
      }
    });
}
