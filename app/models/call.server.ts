// Calls for cases (案例征集, ADR 025): the only writer of Call, CallTopic and
// Submission rows. Ministry staff (manage:call:any) open and close calls and
// decide submissions (decide:submission:any); a verified member of a base
// submits one of that base's published cases while the call is open and its
// deadline (Beijing time) has not passed — checked here, on the server, at the
// moment of writing. Every staff action writes its audit row, and every
// decision its notification and mail, in the same transaction.
import type { JSONContent } from "@tiptap/core";
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { can } from "~/auth/permissions.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config.ts";
import { queueMail } from "~/mail/mailer.server.ts";
import { appOrigin } from "~/utils/env.server.ts";
import { writeAudit } from "./audit.server.ts";
import { notify } from "./notification.server.ts";
import { slugify, uniqueSlug } from "./slug.server.ts";
import { CALL_TRANSITIONS, isCallStatus, type CallStatus, type Decision, type SubmitInput } from "./call-input.ts";
import { isIndustry } from "./industry.ts";
import { decisionMail } from "~/mail/curation-templates.server.ts";

type Tx = Prisma.TransactionClient;
export type CallActor = Pick<SessionUser, "id" | "role" | "emailVerified" | "baseId" | "baseVerified">;

export type CallErrorCode =
  | "forbidden"
  | "not-found"
  | "transition" // the status cannot move that way
  | "not-open" // submitting to a call that is not open
  | "deadline" // submitting after the deadline
  | "no-base" // the member has no approved affiliation
  | "not-verified"
  | "case-invalid" // not a published case of the member's base
  | "duplicate"; // this case is already submitted to this call

export class CallError extends Error {
  constructor(public readonly code: CallErrorCode) {
    super(code);
    this.name = "CallError";
  }
}

export interface CallInput {
  title: string;
  titleEn: string;
  description: JSONContent;
  descriptionEn: JSONContent | null;
  topics: string[]; // topic slugs
  industries: string[];
  deadline: Date;
}

function requireStaff(
  actor: Pick<SessionUser, "role"> | null,
  permission: "manage:call:any" | "decide:submission:any",
) {
  if (!can(actor, permission)) throw new CallError("forbidden");
}

async function topicIds(tx: Tx, slugs: string[]): Promise<string[]> {
  if (!slugs.length) return [];
  const rows = await tx.topic.findMany({ where: { slug: { in: slugs } }, select: { id: true } });
  return rows.map((r) => r.id);
}

function callData(input: CallInput) {
  return {
    title: input.title,
    titleEn: input.titleEn || null,
    description: JSON.stringify(input.description),
    descriptionEn: input.descriptionEn ? JSON.stringify(input.descriptionEn) : null,
    industries: input.industries.filter(isIndustry).join(","),
    deadline: input.deadline,
  };
}

/** A new call, in draft: staff open it when it is ready. */
export async function createCall(actor: CallActor, input: CallInput, opts: { isDemo?: boolean } = {}) {
  requireStaff(actor, "manage:call:any");
  const slug = await uniqueSlug(
    `call-${slugify(input.titleEn || input.title)}`,
    async (s) => (await prisma.call.count({ where: { slug: s } })) > 0,
  );
  return prisma.$transaction(async (tx) => {
    const ids = await topicIds(tx, input.topics);
    const call = await tx.call.create({
      data: {
        slug,
        ...callData(input),
        createdById: actor.id,
        isDemo: opts.isDemo ?? false,
        topics: { create: ids.map((topicId) => ({ topicId })) },
      },
      select: { id: true, slug: true },
    });
    await writeAudit(tx, { actorId: actor.id, action: "call.create", targetType: "call", targetId: call.id });
    return call;
  });
}

export async function updateCall(actor: CallActor, callId: string, input: CallInput) {
  requireStaff(actor, "manage:call:any");
  return prisma.$transaction(async (tx) => {
    const existing = await tx.call.findUnique({ where: { id: callId }, select: { id: true, deadline: true } });
    if (!existing) throw new CallError("not-found");
    const ids = await topicIds(tx, input.topics);
    await tx.callTopic.deleteMany({ where: { callId } });
    await tx.call.update({
      where: { id: callId },
      data: { ...callData(input), topics: { create: ids.map((topicId) => ({ topicId })) } },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: "call.update",
      targetType: "call",
      targetId: callId,
      details:
        existing.deadline.getTime() !== input.deadline.getTime()
          ? { deadlineFrom: existing.deadline.toISOString(), deadlineTo: input.deadline.toISOString() }
          : undefined,
    });
  });
}

/** Moves a call along draft → open → closed → decided (closed may reopen); audit-logged. */
export async function setCallStatus(actor: CallActor, callId: string, status: CallStatus, now = new Date()) {
  requireStaff(actor, "manage:call:any");
  await prisma.$transaction(async (tx) => {
    const call = await tx.call.findUnique({ where: { id: callId }, select: { status: true } });
    if (!call) throw new CallError("not-found");
    const from = isCallStatus(call.status) ? call.status : "draft";
    if (!CALL_TRANSITIONS[from].includes(status)) throw new CallError("transition");
    // Conditional on the status read: two staff closing at once make one change.
    const { count } = await tx.call.updateMany({
      where: { id: callId, status: from },
      data: {
        status,
        ...(status === "open" ? { openedAt: now, closedAt: null } : {}),
        ...(status === "closed" ? { closedAt: now } : {}),
        ...(status === "decided" ? { decidedAt: now } : {}),
      },
    });
    if (count !== 1) throw new CallError("transition");
    await writeAudit(tx, {
      actorId: actor.id,
      action: `call.${status === "open" ? "open" : status === "closed" ? "close" : "decide"}`,
      targetType: "call",
      targetId: callId,
      details: { from, to: status },
    });
  });
}

/** Why this member may not submit to calls, or null (the case and the call are checked on write). */
export function submitRefusal(actor: CallActor | null): CallErrorCode | "sign-in" | null {
  if (!actor) return "sign-in";
  if (!can(actor, "submit:call:own")) return "forbidden";
  if (!actor.emailVerified) return "not-verified";
  if (!actor.baseId || !actor.baseVerified) return "no-base";
  return null;
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

/** Submits one of the member's base's published cases to an open call before its deadline. */
export async function submitCase(opts: {
  callId: string;
  actor: CallActor;
  input: SubmitInput;
  now?: Date;
  isDemo?: boolean;
}): Promise<{ id: string }> {
  const { actor, input } = opts;
  const now = opts.now ?? new Date();
  const refusal = submitRefusal(actor);
  if (refusal) throw new CallError(refusal === "sign-in" ? "forbidden" : refusal);
  try {
    return await prisma.$transaction(async (tx) => {
      const call = await tx.call.findUnique({ where: { id: opts.callId }, select: { status: true, deadline: true } });
      if (!call) throw new CallError("not-found");
      if (call.status !== "open") throw new CallError("not-open");
      if (now.getTime() > call.deadline.getTime()) throw new CallError("deadline");
      const c = await tx.caseStudy.findUnique({
        where: { id: input.caseId },
        select: { id: true, baseId: true, status: true, deletedAt: true },
      });
      if (!c || c.baseId !== actor.baseId || c.status !== "published" || c.deletedAt)
        throw new CallError("case-invalid");
      const taken = await tx.submission.count({ where: { callId: opts.callId, caseId: c.id } });
      if (taken) throw new CallError("duplicate");
      return tx.submission.create({
        data: {
          callId: opts.callId,
          caseId: c.id,
          submitterId: actor.id,
          baseId: actor.baseId!,
          note: input.note,
          createdAt: now,
        },
        select: { id: true },
      });
    });
  } catch (e) {
    // Two members of the base submitting the same case at once: the unique index decides.
    if (isUniqueViolation(e)) throw new CallError("duplicate");
    throw e;
  }
}

const localeOf = (l: string | null): Locale => (isLocale(l) ? l : DEFAULT_LOCALE);

/**
 * Sets the decision of several submissions of one call at once, with a note the
 * submitters see. Each changed submission: its notification, a mail in the
 * submitter's language and an audit row, all in this transaction. Returns how
 * many changed (ids of other calls and unchanged decisions are skipped).
 */
export async function decideSubmissions(opts: {
  actor: CallActor;
  callId: string;
  ids: string[];
  decision: Decision;
  note: string;
  now?: Date;
}): Promise<number> {
  requireStaff(opts.actor, "decide:submission:any");
  const now = opts.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const call = await tx.call.findUnique({
      where: { id: opts.callId },
      select: { id: true, slug: true, title: true, titleEn: true, status: true },
    });
    if (!call) throw new CallError("not-found");
    if (call.status === "draft") throw new CallError("transition");
    const rows = await tx.submission.findMany({
      where: { id: { in: opts.ids }, callId: call.id, status: { not: "withdrawn" } },
      select: {
        id: true,
        status: true,
        decisionNote: true,
        case: { select: { slug: true, title: true, titleEn: true } },
        submitter: { select: { id: true, email: true, displayName: true, locale: true } },
      },
    });
    let changed = 0;
    for (const s of rows) {
      if (s.status === opts.decision && (s.decisionNote ?? "") === opts.note) continue;
      await tx.submission.update({
        where: { id: s.id },
        data: { status: opts.decision, decisionNote: opts.note || null, decidedById: opts.actor.id, decidedAt: now },
      });
      await notify(tx, s.submitter.id, `submission.${opts.decision}`, {
        title: s.case.title,
        titleEn: s.case.titleEn,
        call: call.title,
        callEn: call.titleEn,
        note: opts.note,
        href: `/calls/${call.slug}#mine`,
      });
      const locale = localeOf(s.submitter.locale);
      const mail = decisionMail(locale, {
        name: s.submitter.displayName,
        decision: opts.decision,
        caseTitle: locale === "en" && s.case.titleEn ? s.case.titleEn : s.case.title,
        callTitle: locale === "en" && call.titleEn ? call.titleEn : call.title,
        note: opts.note,
        url: `${appOrigin()}/calls/${call.slug}`,
      });
      await queueMail(tx, { to: s.submitter.email, ...mail });
      await writeAudit(tx, {
        actorId: opts.actor.id,
        action: "submission.decide",
        targetType: "submission",
        targetId: s.id,
        reason: opts.note || null,
        details: { callId: call.id, from: s.status, to: opts.decision },
      });
      changed += 1;
    }
    return changed;
  });
}

// ---------------------------------------------------------------- reads

export const callListSelect = {
  id: true,
  slug: true,
  title: true,
  titleEn: true,
  status: true,
  deadline: true,
  openedAt: true,
  industries: true,
  _count: { select: { submissions: true } },
} as const satisfies Prisma.CallSelect;
export type CallListRow = Prisma.CallGetPayload<{ select: typeof callListSelect }>;

export function callTitle(c: { title: string; titleEn: string | null }, locale: Locale): string {
  return locale === "en" && c.titleEn ? c.titleEn : c.title;
}

/** Public calls: open first (closest deadline first), then past ones; staff also see drafts. */
export async function listCalls(opts: { includeDrafts?: boolean; take?: number } = {}) {
  const take = Math.min(opts.take ?? 50, 200);
  const [open, past, drafts] = await Promise.all([
    prisma.call.findMany({ where: { status: "open" }, orderBy: { deadline: "asc" }, select: callListSelect, take }),
    prisma.call.findMany({
      where: { status: { in: ["closed", "decided"] } },
      orderBy: { deadline: "desc" },
      select: callListSelect,
      take,
    }),
    opts.includeDrafts
      ? prisma.call.findMany({
          where: { status: "draft" },
          orderBy: { createdAt: "desc" },
          select: callListSelect,
          take,
        })
      : Promise.resolve([]),
  ]);
  return { open, past, drafts };
}

/**
 * The open calls, closest deadline first, as one JSON column for another statement to
 * select (one `?`: how many). The home page asks on every view, in its curation region's
 * statement (ADR 082); `openCallsFromJson` reads it back.
 */
export const OPEN_CALLS_JSON = `(SELECT json_group_array(json_object('id', oc.id, 'slug', oc.slug, 'title', oc.title,
            'titleEn', oc.titleEn, 'status', oc.status, 'deadline', oc.deadline, 'openedAt', oc.openedAt,
            'industries', oc.industries, 'submissions', oc.submissions))
       FROM (SELECT cl.id, cl.slug, cl.title, cl.titleEn, cl.status, cl.deadline, cl.openedAt, cl.industries,
                    (SELECT count(*) FROM Submission s WHERE s.callId = cl.id) AS submissions
               FROM Call cl WHERE cl.status = 'open' ORDER BY cl.deadline, cl.id LIMIT ?) oc)`;

/**
 * An instant inside JSON: SQLite's stored text has its offset; PostgreSQL's `timestamp`
 * (UTC, as Prisma writes it) comes without one, which `new Date` would read as local time.
 */
function jsonInstant(v: string | null): Date | null {
  if (v == null) return null;
  return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(v) ? v : `${v}Z`);
}

export function openCallsFromJson(json: string): CallListRow[] {
  const calls = JSON.parse(json) as Array<
    Omit<CallListRow, "deadline" | "openedAt" | "_count"> & {
      deadline: string;
      openedAt: string | null;
      submissions: number;
    }
  >;
  return calls.map(({ submissions, deadline, openedAt, ...c }) => ({
    ...c,
    deadline: jsonInstant(deadline)!,
    openedAt: jsonInstant(openedAt),
    _count: { submissions },
  }));
}

export async function getCallBySlug(slug: string) {
  return prisma.call.findUnique({
    where: { slug },
    select: {
      ...callListSelect,
      description: true,
      descriptionEn: true,
      closedAt: true,
      decidedAt: true,
      updatedAt: true,
      topics: { select: { topicId: true } },
    },
  });
}

export async function callTopics(topicIdsOfCall: string[]) {
  if (!topicIdsOfCall.length) return [];
  return prisma.topic.findMany({
    where: { id: { in: topicIdsOfCall } },
    select: { slug: true, nameZh: true, nameEn: true },
    orderBy: [{ position: "asc" }, { slug: "asc" }],
  });
}

/** The base's published cases a member may submit, with whether each is already in the call. */
export async function submittableCases(callId: string, baseId: string) {
  const [cases, taken] = await Promise.all([
    prisma.caseStudy.findMany({
      where: { baseId, status: "published", deletedAt: null },
      orderBy: { publishedAt: "desc" },
      select: { id: true, title: true, titleEn: true },
      take: 200,
    }),
    prisma.submission.findMany({ where: { callId, baseId }, select: { caseId: true } }),
  ]);
  const takenIds = new Set(taken.map((t) => t.caseId));
  return cases.map((c) => ({ ...c, submitted: takenIds.has(c.id) }));
}

const submissionSelect = {
  id: true,
  note: true,
  status: true,
  decisionNote: true,
  decidedAt: true,
  createdAt: true,
  case: { select: { id: true, slug: true, title: true, titleEn: true, industry: true, province: true } },
  base: { select: { slug: true, nameZh: true, nameEn: true, province: true, industry: true } },
  submitter: { select: { username: true, displayName: true } },
} as const satisfies Prisma.SubmissionSelect;

/** The base's own submissions to a call (a member sees their base's decisions and notes). */
export function baseSubmissions(callId: string, baseId: string) {
  return prisma.submission.findMany({
    where: { callId, baseId },
    orderBy: { createdAt: "asc" },
    select: submissionSelect,
  });
}

export interface ReviewFilters {
  status?: string;
  industry?: string;
  province?: string;
}

/** The staff review queue of one call, filtered. */
export function reviewQueue(callId: string, f: ReviewFilters, take = 500) {
  return prisma.submission.findMany({
    where: {
      callId,
      ...(f.status ? { status: f.status } : {}),
      ...(f.industry || f.province
        ? { base: { ...(f.industry ? { industry: f.industry } : {}), ...(f.province ? { province: f.province } : {}) } }
        : {}),
    },
    orderBy: { createdAt: "asc" },
    select: submissionSelect,
    take,
  });
}

/** Status → count of a call's submissions. */
export async function submissionCounts(callId: string): Promise<Record<string, number>> {
  const rows = await prisma.submission.groupBy({ by: ["status"], where: { callId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}

export const callStatusOf = (v: string): CallStatus => (isCallStatus(v) ? v : "draft");
