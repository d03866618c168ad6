import { z } from "zod";
import { optionalText } from "~/utils/optional-text.ts";
import { FIRST_POSTS_LIMIT, MODERATION_REASON_MAX } from "~/models/moderation-input.ts";

/** Approve a pending post, or reject it with the reason its author will read. */
export const DecisionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("approve"),
    item: z.string().max(80),
    reason: optionalText(MODERATION_REASON_MAX, "moderation:errors.reasonTooLong"),
  }),
  z.object({
    intent: z.literal("reject"),
    item: z.string().max(80),
    reason: z
      .string({ required_error: "moderation:errors.reasonRequired" })
      .trim()
      .min(1, "moderation:errors.reasonRequired")
      .max(MODERATION_REASON_MAX, "moderation:errors.reasonTooLong"),
  }),
]);

/** The administrator's setting: how many first posts wait (empty: the environment's default). */
export const SettingSchema = z.object({
  intent: z.literal("setting"),
  firstPosts: z.coerce
    .number({ invalid_type_error: "moderation:errors.firstPostsRange" })
    .int("moderation:errors.firstPostsRange")
    .min(0, "moderation:errors.firstPostsRange")
    .max(FIRST_POSTS_LIMIT, "moderation:errors.firstPostsRange")
    .optional(),
});
