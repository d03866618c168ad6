// The dashboard's date range (Beijing time days), one schema for the filter form
// in the browser, the page's loader and the CSV export. Messages are i18n keys.
import { z } from "zod";

export const MAX_RANGE_DAYS = 3660;
const DAY_MS = 86_400_000;

const day = z
  .string({ required_error: "insights:errors.dateRequired" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "insights:errors.dateInvalid")
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= "2000-01-01" && v <= "2099-12-31";
  }, "insights:errors.dateInvalid");

export const RangeSchema = z.object({ from: day, to: day }).superRefine((v, ctx) => {
  if (v.from > v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "insights:errors.rangeOrder" });
  else if ((Date.parse(v.to) - Date.parse(v.from)) / DAY_MS > MAX_RANGE_DAYS)
    ctx.addIssue({ code: "custom", path: ["from"], message: "insights:errors.rangeTooLong" });
});

/** Today in Beijing time, YYYY-MM-DD. */
export function beijingToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The default range: the last twelve months up to today. */
export function defaultRange(now = new Date()): { from: string; to: string } {
  const to = beijingToday(now);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 364 * DAY_MS).toISOString().slice(0, 10);
  return { from, to };
}
