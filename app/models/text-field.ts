// An optional text field of a form schema: cleaned like every stored text
// (cleanText: control and invisible characters gone, single-line unless `lines`),
// trimmed, at most `max` characters (the message is the i18n key `tooLong`), and
// "" when absent. Client-safe: the forms' own validation uses the same schemas.
import { z } from "zod";
import { cleanText } from "~/utils/text.ts";

export const optionalCleanText = (max: number, tooLong: string, opts: { lines?: boolean } = {}) =>
  z.preprocess(
    (v) => (typeof v === "string" ? cleanText(v, opts) : v),
    z
      .string()
      .trim()
      .max(max, tooLong)
      .optional()
      .transform((v) => v ?? ""),
  );
