// The forms of calls for cases (案例征集, ADR 025): what ministry staff post to
// open or edit a call, what a member posts to submit a case, and what staff post
// to decide submissions. One schema per form for the browser and the server; the
// rich-text description is checked against the editor schema on the server only
// (callServerSchema). Messages are i18n keys.
import { z } from "zod";
import { parseBeijingLocal } from "~/utils/beijing-time.ts";
import { cleanText } from "~/utils/text.ts";
import { INDUSTRIES } from "./industry.ts";
import { optionalCleanText } from "./text-field.ts";

export const CALL_STATUSES = ["draft", "open", "closed", "decided"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export const isCallStatus = (v: unknown): v is CallStatus =>
  typeof v === "string" && (CALL_STATUSES as readonly string[]).includes(v);

/** The only ways a call moves (a closed call may be reopened, e.g. to extend the deadline). */
export const CALL_TRANSITIONS: Record<CallStatus, readonly CallStatus[]> = {
  draft: ["open"],
  open: ["closed"],
  closed: ["open", "decided"],
  decided: [],
};

export const SUBMISSION_STATUSES = ["submitted", "under-review", "selected", "not-selected", "withdrawn"] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
/** What staff may set; every one notifies the submitter. */
export const DECISIONS = ["under-review", "selected", "not-selected"] as const;
export type Decision = (typeof DECISIONS)[number];

export const CALL_LIMITS = {
  title: 120,
  topics: 10,
  industries: INDUSTRIES.length,
  note: 500,
  decisionNote: 1000,
  bulk: 200,
  descriptionJsonBytes: 200_000,
} as const;

const text = optionalCleanText;

/** Fields shared by the browser and the server schema of the call form. */
const callFields = {
  title: z.preprocess(
    (v) => (typeof v === "string" ? cleanText(v) : v),
    z
      .string({ required_error: "calls:errors.titleRequired" })
      .trim()
      .min(1, "calls:errors.titleRequired")
      .max(CALL_LIMITS.title, "calls:errors.titleTooLong"),
  ),
  titleEn: text(CALL_LIMITS.title, "calls:errors.titleTooLong"),
  topics: z
    .array(z.string().max(60))
    .max(CALL_LIMITS.topics, "calls:errors.topicsTooMany")
    .optional()
    .transform((v) => v ?? []),
  industries: z
    .array(z.enum(INDUSTRIES, { errorMap: () => ({ message: "calls:errors.industryInvalid" }) }))
    .max(CALL_LIMITS.industries)
    .optional()
    .transform((v) => v ?? []),
  // datetime-local in Beijing time; parsed by the server (parseBeijingLocal).
  deadline: z
    .string({ required_error: "calls:errors.deadlineRequired" })
    .refine((v) => parseBeijingLocal(v) !== null, "calls:errors.deadlineInvalid"),
};

/** The browser's schema: the description is the editor's JSON string. */
export const CallFormSchema = z.object({
  ...callFields,
  description: z.string({ required_error: "editor:errors.required" }).max(CALL_LIMITS.descriptionJsonBytes),
  descriptionEn: z.string().max(CALL_LIMITS.descriptionJsonBytes).optional(),
});

export const SubmitSchema = z.object({
  caseId: z.string({ required_error: "calls:errors.caseRequired" }).min(1, "calls:errors.caseRequired").max(40),
  note: text(CALL_LIMITS.note, "calls:errors.noteTooLong", { lines: true }),
});
export type SubmitInput = z.infer<typeof SubmitSchema>;

export const CallStatusSchema = z.object({
  intent: z.literal("status"),
  status: z.enum(CALL_STATUSES, { errorMap: () => ({ message: "calls:errors.statusInvalid" }) }),
});

export const DecideSchema = z.object({
  intent: z.literal("decide"),
  decision: z.enum(DECISIONS, { errorMap: () => ({ message: "calls:errors.decisionRequired" }) }),
  ids: z
    .array(z.string().max(40))
    .min(1, "calls:errors.noneChosen")
    .max(CALL_LIMITS.bulk, "calls:errors.tooManyChosen"),
  note: text(CALL_LIMITS.decisionNote, "calls:errors.decisionNoteTooLong", { lines: true }),
});
export type DecideInput = z.infer<typeof DecideSchema>;
