// One schema per settings form; the `intent` field tells them apart.
import { z } from "zod";
import { DELIVERY_LEVELS, MAIL_FREQUENCIES } from "~/models/notification-settings.ts";
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

/**
 * The email-notifications checkbox (absent when unticked, so absent means off),
 * and per kind of event where it is delivered, and how often mail comes. A kind
 * or the frequency missing from the post keeps its stored value.
 */
export const notificationsSchema = z.object({
  intent: z.literal("notifications"),
  emailNotifications: z.boolean().optional().default(false),
  replies: z.enum(DELIVERY_LEVELS).optional(),
  mentions: z.enum(DELIVERY_LEVELS).optional(),
  follows: z.enum(DELIVERY_LEVELS).optional(),
  decisions: z.enum(DELIVERY_LEVELS).optional(),
  frequency: z.enum(MAIL_FREQUENCIES).optional(),
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
