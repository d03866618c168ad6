// What a base records when it takes up a practice from another base's case
// ("我们借鉴了这条经验"): the stage, a short note, later an outcome with optional
// before/after metrics (checked exactly like the case form's metrics), and the
// adopter's own follow-up case. One schema for the form in the browser, the
// route's action and the model. Messages are i18n keys.
import { z } from "zod";
import { LIMITS as CASE_LIMITS, MetricSchema } from "./case-content.ts";

export const ADOPTION_STAGES = ["considering", "piloting", "adopted"] as const;
export type AdoptionStage = (typeof ADOPTION_STAGES)[number];

export function isAdoptionStage(v: unknown): v is AdoptionStage {
  return typeof v === "string" && (ADOPTION_STAGES as readonly string[]).includes(v);
}

export const ADOPTION_LIMITS = {
  note: 500,
  outcome: 2000,
  metricRows: CASE_LIMITS.metricRows,
} as const;

const text = (max: number, key: string) =>
  z
    .string()
    .trim()
    .max(max, key)
    .optional()
    .transform((v) => v ?? "");

export const AdoptionSchema = z.object({
  intent: z.literal("save").optional(),
  stage: z.enum(ADOPTION_STAGES, {
    errorMap: () => ({ message: "adoption:errors.stageRequired" }),
  }),
  note: text(ADOPTION_LIMITS.note, "adoption:errors.noteTooLong"),
  outcome: text(ADOPTION_LIMITS.outcome, "adoption:errors.outcomeTooLong"),
  metrics: z
    .array(MetricSchema)
    .max(ADOPTION_LIMITS.metricRows, "cases:errors.metricsTooMany")
    .optional()
    .transform((v) => v ?? []),
  // An id of one of the adopter base's published cases, or empty for none.
  followUpCaseId: z
    .string()
    .max(40, "adoption:errors.followUpInvalid")
    .optional()
    .transform((v) => v || null),
});
export type AdoptionInput = z.infer<typeof AdoptionSchema>;

export const RemoveAdoptionSchema = z.object({ intent: z.literal("remove") });
