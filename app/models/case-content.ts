// The shape of a case study's editable content, shared by the edit form
// (client validation), the server action and the model. Rich-text sections are
// Tiptap JSON; they are checked against the editor schema on the server
// (app/editor/validate.server.ts) — this module only knows their limits.
import { z } from "zod";
import { LOCALES, type Locale } from "~/i18n/config.ts";
import { cleanText } from "~/utils/text.ts";
import { optionalCleanText } from "./text-field.ts";

export const STAGES = ["pilot", "implemented", "scaled"] as const;
export type Stage = (typeof STAGES)[number];

export const SECTIONS = ["background", "approach", "results", "replicability", "lessons"] as const;
export type SectionName = (typeof SECTIONS)[number];
/** Sections that must have text before a case can be published. */
export const REQUIRED_SECTIONS: readonly SectionName[] = ["background", "approach", "results", "replicability"];

export const LIMITS = {
  title: 120,
  summary: 280,
  metricRows: 10,
  metricLabel: 80,
  metricValue: 40,
  metricUnit: 20,
  metricSource: 200,
  topicsMin: 1,
  topicsMax: 5,
  revisionNote: 300,
  sectionJsonBytes: 200_000,
  sectionChars: 20_000,
} as const;

const CURRENT_YEAR = new Date().getFullYear();

/**
 * Plain text as people type it, without what would disguise it or break its
 * bytes (NUL, bidi overrides, zero-width characters: app/utils/text.ts), trimmed.
 */
// `required` names the message for a missing value (an empty metric row posts no field
// at all); without it Zod would answer its own English "Required".
const clean = (opts: { lines?: boolean; required?: string } = {}) =>
  z.preprocess(
    (v) => (typeof v === "string" ? cleanText(v, opts) : v),
    z.string({ required_error: opts.required }).trim(),
  );

const trimmed = optionalCleanText;

const year = z.coerce
  .number({ invalid_type_error: "cases:errors.yearInvalid" })
  .int("cases:errors.yearInvalid")
  .min(1978, "cases:errors.yearRange")
  .max(CURRENT_YEAR + 5, "cases:errors.yearRange")
  .optional();

// Conform drops empty fields, so an empty label or value arrives missing: the
// required_error keeps the message an i18n key (it was Zod's English "Required").
export const MetricSchema = z.object({
  label: clean({ required: "cases:errors.metricLabelRequired" }).pipe(
    z.string().min(1, "cases:errors.metricLabelRequired").max(LIMITS.metricLabel, "cases:errors.tooLong"),
  ),
  before: trimmed(LIMITS.metricValue, "cases:errors.tooLong"),
  after: clean({ required: "cases:errors.metricAfterRequired" }).pipe(
    z.string().min(1, "cases:errors.metricAfterRequired").max(LIMITS.metricValue, "cases:errors.tooLong"),
  ),
  unit: trimmed(LIMITS.metricUnit, "cases:errors.tooLong"),
  source: trimmed(LIMITS.metricSource, "cases:errors.tooLong"),
});
export type Metric = z.infer<typeof MetricSchema>;

/** A section arrives as the editor's JSON in a hidden field; parsed, not yet schema-checked. */
export const sectionField = z
  .string()
  .max(LIMITS.sectionJsonBytes, "cases:errors.sectionTooLarge")
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "editor:errors.invalidJson" });
      return z.NEVER;
    }
  });

/** Everything the form posts. Drafts accept it partially filled. */
export const CaseDraftSchema = z
  .object({
    title: trimmed(LIMITS.title, "cases:errors.titleTooLong"),
    titleEn: trimmed(LIMITS.title, "cases:errors.titleTooLong"),
    summary: trimmed(LIMITS.summary, "cases:errors.summaryTooLong", { lines: true }),
    summaryEn: trimmed(LIMITS.summary, "cases:errors.summaryTooLong", { lines: true }),
    // The language the case is written in; the form defaults it to the UI language.
    contentLanguage: z.enum(LOCALES, { errorMap: () => ({ message: "language:errors.languageInvalid" }) }).optional(),
    baseId: z.string().max(40).optional(),
    topics: z
      .array(z.string().max(60))
      .max(LIMITS.topicsMax, "cases:errors.topicsTooMany")
      .optional()
      .transform((v) => v ?? []),
    stage: z.enum(STAGES, { errorMap: () => ({ message: "cases:errors.stageInvalid" }) }).optional(),
    periodStart: year,
    periodEnd: year,
    metrics: z
      .array(MetricSchema)
      .max(LIMITS.metricRows, "cases:errors.metricsTooMany")
      .optional()
      .transform((v) => v ?? []),
    background: sectionField,
    approach: sectionField,
    results: sectionField,
    replicability: sectionField,
    lessons: sectionField,
  })
  .superRefine((v, ctx) => {
    if (v.periodStart && v.periodEnd && v.periodEnd < v.periodStart) {
      ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "cases:errors.periodOrder" });
    }
  });
export type CaseDraftInput = z.infer<typeof CaseDraftSchema>;

/** What publishing additionally requires (the sections' emptiness is checked on the server). */
export const CasePublishSchema = CaseDraftSchema.superRefine((v, ctx) => {
  if (!v.title) ctx.addIssue({ code: "custom", path: ["title"], message: "cases:errors.titleRequired" });
  if (!v.summary) ctx.addIssue({ code: "custom", path: ["summary"], message: "cases:errors.summaryRequired" });
  if (v.topics.length < LIMITS.topicsMin)
    ctx.addIssue({ code: "custom", path: ["topics"], message: "cases:errors.topicsRequired" });
  if (!v.stage) ctx.addIssue({ code: "custom", path: ["stage"], message: "cases:errors.stageRequired" });
  if (!v.periodStart) ctx.addIssue({ code: "custom", path: ["periodStart"], message: "cases:errors.periodRequired" });
  for (const s of REQUIRED_SECTIONS) {
    if (v[s] == null) ctx.addIssue({ code: "custom", path: [s], message: "cases:errors.sectionRequired" });
  }
});

/** The stored working copy and each revision's content. */
export interface CaseContent {
  title: string;
  titleEn: string;
  summary: string;
  summaryEn: string;
  /** zh-CN | en; null in content saved before the field existed (read as zh-CN). */
  contentLanguage?: Locale | null;
  baseId: string | null;
  topics: string[];
  stage: Stage | null;
  periodStart: number | null;
  periodEnd: number | null;
  metrics: Metric[];
  sections: Record<SectionName, unknown | null>;
}

export function emptyContent(): CaseContent {
  return {
    title: "",
    titleEn: "",
    summary: "",
    summaryEn: "",
    contentLanguage: null,
    baseId: null,
    topics: [],
    stage: null,
    periodStart: null,
    periodEnd: null,
    metrics: [],
    sections: { background: null, approach: null, results: null, replicability: null, lessons: null },
  };
}

export function contentFromInput(input: CaseDraftInput): CaseContent {
  return {
    title: input.title,
    titleEn: input.titleEn,
    summary: input.summary,
    summaryEn: input.summaryEn,
    contentLanguage: input.contentLanguage ?? null,
    baseId: input.baseId || null,
    topics: input.topics,
    stage: input.stage ?? null,
    periodStart: input.periodStart ?? null,
    periodEnd: input.periodEnd ?? null,
    metrics: input.metrics,
    sections: {
      background: input.background,
      approach: input.approach,
      results: input.results,
      replicability: input.replicability,
      lessons: input.lessons,
    },
  };
}

/**
 * The content with its plain-text fields cleaned (app/utils/text.ts): the model
 * applies it on every write (forms, autosave, import) and on every read of stored
 * content, so rows saved before this rule render cleanly too (issue 10.5).
 */
export function cleanContent(c: CaseContent): CaseContent {
  const line = (v: unknown) => (typeof v === "string" ? cleanText(v).trim() : v);
  const lines = (v: unknown) => (typeof v === "string" ? cleanText(v, { lines: true }).trim() : v);
  return {
    ...c,
    title: line(c.title) as string,
    titleEn: line(c.titleEn) as string,
    summary: lines(c.summary) as string,
    summaryEn: lines(c.summaryEn) as string,
    metrics: Array.isArray(c.metrics)
      ? c.metrics.map((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, line(v)])) as Metric)
      : [],
  };
}

/**
 * Parses a metric value such as "1,200", "35%", "¥3.5亿" or "3.5" into a number
 * for the chart; null when there is no number in it.
 */
export function parseMetricNumber(value: string): number | null {
  const m = /-?\d[\d,，]*(?:\.\d+)?/.exec(value.replace(/\s/g, ""));
  if (!m) return null;
  const n = Number(m[0].replace(/[,，]/g, ""));
  return Number.isFinite(n) ? n : null;
}
