// The footer settings' fields and the admin form's schema, shared by the form in
// the browser and the server (app/models/site-footer.server.ts reads and writes them).
import { z } from "zod";

export const FOOTER_FIELD_MAX = 200;

export const FOOTER_FIELDS = ["icp", "police", "contactEmail", "aboutUrl", "privacyUrl", "termsUrl"] as const;
export type FooterField = (typeof FOOTER_FIELDS)[number];
export type FooterSettings = Record<FooterField, string>;

/** A link the footer may point to: a path on this site or an https address. */
export function isFooterHref(v: string): boolean {
  if (v.startsWith("/")) return !v.startsWith("//") && !v.startsWith("/\\") && !/\s/.test(v);
  try {
    const url = new URL(v);
    return url.protocol === "https:" && !/\s/.test(v);
  } catch {
    return false;
  }
}

const text = z
  .string()
  .trim()
  .max(FOOTER_FIELD_MAX, "privacy:admin.errors.tooLong")
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "privacy:admin.errors.tooLong");
const href = text.refine((v) => v === "" || isFooterHref(v), "privacy:admin.errors.badUrl");

/** The admin form: every field optional; empty means "use the default". */
export const footerOverridesSchema = z.object({
  icp: text.optional().default(""),
  police: text.optional().default(""),
  contactEmail: text
    .refine((v) => v === "" || z.string().email().safeParse(v).success, "privacy:admin.errors.badEmail")
    .optional()
    .default(""),
  aboutUrl: href.optional().default(""),
  privacyUrl: href.optional().default(""),
  termsUrl: href.optional().default(""),
});
