import { z } from "zod";

/**
 * An optional free-text field (a moderator's reason, a reporter's note): trimmed, at
 * most `max` characters, and `undefined` when only spaces were typed. A blank field
 * is no value rather than an empty one, so the audit log never records "" and a
 * re-post of the parsed value parses to the same thing.
 */
export function optionalText(max: number, tooLong: string) {
  return z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((text) => text || undefined);
}
