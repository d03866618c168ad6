// The profile's own fields (position and introduction), shared by the edit form
// in the browser and on the server. Limits count characters, not UTF-16 units.
import { z } from "zod";
import { cleanText } from "~/utils/text.ts";

export const PROFILE_TITLE_MAX = 80;
export const PROFILE_BIO_MAX = 1000;

const chars = (s: string) => [...s].length;

export const profileTitleField = z
  .string()
  .max(PROFILE_TITLE_MAX * 2, "profile:edit.errors.titleTooLong")
  .optional()
  .default("")
  .transform((v) => cleanText(v).trim())
  .refine((v) => chars(v) <= PROFILE_TITLE_MAX, "profile:edit.errors.titleTooLong");

export const profileBioField = z
  .string()
  .max(PROFILE_BIO_MAX * 2, "profile:edit.errors.bioTooLong")
  .optional()
  .default("")
  // Line breaks are kept (the page shows them); every other invisible character goes.
  .transform((v) => cleanText(v, { lines: true }).trim())
  .refine((v) => chars(v) <= PROFILE_BIO_MAX, "profile:edit.errors.bioTooLong");
