// The forms of typical-case collections (典型案例, ADR 025). Messages are i18n keys.
import { z } from "zod";
import { cleanText } from "~/utils/text.ts";
import { optionalCleanText } from "./text-field.ts";

export const COLLECTION_LIMITS = {
  title: 160,
  note: 1000,
  items: 100,
  introductionJsonBytes: 200_000,
} as const;

const text = optionalCleanText;

export const CollectionFormSchema = z.object({
  intent: z.literal("save").optional(),
  title: z.preprocess(
    (v) => (typeof v === "string" ? cleanText(v) : v),
    z
      .string({ required_error: "collections:errors.titleRequired" })
      .trim()
      .min(1, "collections:errors.titleRequired")
      .max(COLLECTION_LIMITS.title, "collections:errors.titleTooLong"),
  ),
  titleEn: text(COLLECTION_LIMITS.title, "collections:errors.titleTooLong"),
  introduction: z.string({ required_error: "editor:errors.required" }).max(COLLECTION_LIMITS.introductionJsonBytes),
  introductionEn: z.string().max(COLLECTION_LIMITS.introductionJsonBytes).optional(),
  // The publish date (Beijing calendar day); empty = the day it is published.
  publishDate: z
    .string()
    .refine((v) => beijingDay(v) !== null, "collections:errors.dateInvalid")
    .optional(),
  featured: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true"),
  callId: z.string().max(40).optional(),
});

/** One button per item action; the case is named by its id. */
export const ItemActionSchema = z.object({
  intent: z.enum(["up", "down", "remove"]),
  caseId: z.string().min(1).max(40),
});

export const ItemNoteSchema = z.object({
  intent: z.literal("note"),
  caseId: z.string().min(1).max(40),
  note: text(COLLECTION_LIMITS.note, "collections:errors.noteTooLong", { lines: true }),
  noteEn: text(COLLECTION_LIMITS.note, "collections:errors.noteTooLong", { lines: true }),
});

export const AddItemSchema = z.object({
  intent: z.literal("add"),
  // A case's address or slug, as staff copy it from the case page.
  caseRef: z
    .string({ required_error: "collections:errors.caseRequired" })
    .trim()
    .min(1, "collections:errors.caseRequired")
    .max(300, "collections:errors.caseNotFound"),
});

export const AddSelectedSchema = z.object({ intent: z.literal("add-selected") });
export const PublishSchema = z.object({ intent: z.enum(["publish", "unpublish"]) });

/** "2026-12-06" as the start of that day in Beijing. */
export function beijingDay(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  const utc = Date.UTC(y, mo - 1, d);
  const back = new Date(utc);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1) return null;
  return new Date(utc - 8 * 3600 * 1000);
}

/** The weekly typical-case mail, on or off (a checkbox posts "on" or nothing). */
export const DigestSchema = z.object({
  intent: z.literal("digest"),
  typicalCaseDigest: z
    .string()
    .optional()
    .transform((v) => v === "on"),
});
