// The translation form: title and summary required, the five sections optional
// (a section left untranslated is shown in the original language, marked with lang).
// Used by the browser (onValidate) and the server (parseWithZod).
import { z } from "zod";
import { LIMITS, sectionField } from "~/models/case-content.ts";
import { cleanText } from "~/utils/text.ts";

const text = (max: number, required: string, tooLong: string, lines = false) =>
  z.preprocess(
    (v) => (typeof v === "string" ? cleanText(v, { lines }) : v),
    z.string({ required_error: required }).trim().min(1, required).max(max, tooLong),
  );

export const TranslationSchema = z.object({
  title: text(LIMITS.title, "language:errors.titleRequired", "cases:errors.titleTooLong"),
  summary: text(LIMITS.summary, "language:errors.summaryRequired", "cases:errors.summaryTooLong", true),
  revision: z.coerce.number().int().min(0).max(1_000_000).default(0),
  background: sectionField,
  approach: sectionField,
  results: sectionField,
  replicability: sectionField,
  lessons: sectionField,
});
