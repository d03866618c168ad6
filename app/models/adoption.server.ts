// Adoptions ("我们借鉴了这条经验"): the only writer of Adoption rows. A base (not a
// member) adopts: one row per case × base, recorded and updated by any verified
// member of that base, never on a case of its own base (ADR 027).
//
// A write keeps what depends on it in the same transaction: the case's
// adoptionCount (a search ranking signal and sort key: the case's search document
// is queued), the discussionVersion of the case and of a linked follow-up case
// (their cached renders show the adoption, ADR 015), the recorder's follow of
// the case, and ONE job that fans the notifications out to the case's author and
// followers in batches (app/jobs/adoption-notify.server.ts): a case with
// thousands of followers never makes the member's request wait.
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readDate, readStatement } from "~/utils/db-read.server.ts";
import { can } from "~/auth/permissions.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import { enqueueJob } from "~/jobs/queue.server.ts";
import type { Metric } from "./case-content.ts";
import { isAdoptionStage, type AdoptionInput, type AdoptionStage } from "./adoption-input.ts";
import { discussionChanged } from "./comment.server.ts";
import { adoptionDayChanged } from "./insights-rollup.server.ts";
import { caseDocId, enqueueSearchDocs } from "./search-outbox.server.ts";
import { follow } from "./subscription.server.ts";

type Tx = Prisma.TransactionClient;
export type AdoptionActor = Pick<
  SessionUser,
  "id" | "role" | "emailVerified" | "baseId" | "baseVerified" | "displayName" | "username"
>;

export const ADOPTION_NOTIFY_JOB = "adoption.notify";

/** What the fan-out job tells: a new adoption, a changed stage, or a first outcome. */
export type AdoptionEvent = "recorded" | "stage" | "outcome";

export interface AdoptionNotifyPayload {
  adoptionId: string;
  event: AdoptionEvent;
  actorId: string;
  /** Unique per event: the fan-out skips members who already have it (a retried job writes nothing twice). */
  eventKey: string;
}

export type AdoptionRefusal =
  | "sign-in" // no member
  | "not-verified" // email not verified
  | "no-base" // no approved affiliation
  | "own-base" // the case is their own base's
  | "forbidden"; // the role lacks record:adoption:own

export class AdoptionError extends Error {
  constructor(public readonly code: AdoptionRefusal | "not-found" | "closed" | "follow-up-invalid" | "no-adoption") {
    super(code);
    this.name = "AdoptionError";
  }
}

/** Why this member may not record an adoption of a case of `caseBaseId`, or null when they may. */
export function adoptionRefusal(
  actor: Pick<SessionUser, "role" | "emailVerified" | "baseId" | "baseVerified"> | null,
  caseBaseId: string | null,
): AdoptionRefusal | null {
  if (!actor) return "sign-in";
  if (!can(actor, "record:adoption:own")) return "forbidden";
  if (!actor.emailVerified) return "not-verified";
  if (!actor.baseId || !actor.baseVerified) return "no-base";
  if (caseBaseId === actor.baseId) return "own-base";
  return null;
}

function parseMetrics(json: string): Metric[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as Metric[]) : [];
  } catch {
    return [];
  }
}

/** The adopted case as a write needs it; refuses cases readers cannot see. */
async function caseForWrite(tx: Tx, caseId: string) {
  const c = await tx.caseStudy.findUnique({
    where: { id: caseId },
    select: {
      id: true,
      baseId: true,
      status: true,
      deletedAt: true,
      revisionNumber: true,
      base: { select: { province: true, industry: true } },
    },
  });
  if (!c || c.deletedAt || c.revisionNumber === 0) throw new AdoptionError("not-found");
  if (c.status !== "published") throw new AdoptionError("closed");
  return c;
}

/** A follow-up case must be a published case of the adopting base, and not the adopted case. */
async function checkFollowUp(tx: Tx, followUpCaseId: string | null, baseId: string, caseId: string) {
  if (!followUpCaseId) return null;
  if (followUpCaseId === caseId) throw new AdoptionError("follow-up-invalid");
  const f = await tx.caseStudy.findUnique({
    where: { id: followUpCaseId },
    select: { id: true, baseId: true, status: true, deletedAt: true },
  });
  if (!f || f.baseId !== baseId || f.status !== "published" || f.deletedAt)
    throw new AdoptionError("follow-up-invalid");
  return f.id;
}

/** After a write: the count, the search document, and the versions of the pages that show it. */
async function adoptionsChanged(tx: Tx, caseId: string, followUpCaseIds: Array<string | null>) {
  const adoptionCount = await tx.adoption.count({ where: { caseId } });
  await tx.caseStudy.update({
    where: { id: caseId },
    data: { adoptionCount, discussionVersion: { increment: 1 } },
  });
  await enqueueSearchDocs(tx, [caseDocId(caseId)]);
  for (const id of new Set(followUpCaseIds)) if (id && id !== caseId) await discussionChanged(tx, id);
}

/**
 * Records the actor's base's adoption of a case, or updates it (stage, note,
 * outcome, metrics, follow-up case). Returns whether it was new.
 */
export async function recordAdoption(opts: {
  caseId: string;
  actor: AdoptionActor;
  input: AdoptionInput;
  now?: Date;
  isDemo?: boolean;
}): Promise<{ id: string; created: boolean }> {
  const { actor, input } = opts;
  const now = opts.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const c = await caseForWrite(tx, opts.caseId);
    const refusal = adoptionRefusal(actor, c.baseId);
    if (refusal) throw new AdoptionError(refusal);
    const baseId = actor.baseId!;
    const followUpCaseId = await checkFollowUp(tx, input.followUpCaseId, baseId, c.id);
    const adopter = await tx.base.findUniqueOrThrow({
      where: { id: baseId },
      select: { province: true, industry: true },
    });
    const fields = {
      adopterProvince: adopter.province,
      adopterIndustry: adopter.industry,
      sourceProvince: c.base?.province ?? "",
      sourceIndustry: c.base?.industry ?? "",
      stage: input.stage,
      note: input.note,
      outcome: input.outcome,
      outcomeMetrics: JSON.stringify(input.metrics),
      followUpCaseId,
    };
    const existing = await tx.adoption.findUnique({
      where: { caseId_baseId: { caseId: c.id, baseId } },
      select: { id: true, stage: true, outcome: true, followUpCaseId: true, createdAt: true },
    });
    let id: string;
    let event: AdoptionEvent | null;
    if (existing) {
      const stageChanged = existing.stage !== input.stage;
      await tx.adoption.update({
        where: { id: existing.id },
        data: { ...fields, ...(stageChanged ? { stageChangedAt: now } : {}), updatedAt: now },
      });
      id = existing.id;
      event = stageChanged ? "stage" : !existing.outcome && input.outcome ? "outcome" : null;
      await adoptionsChanged(tx, c.id, [existing.followUpCaseId, followUpCaseId]);
      await adoptionDayChanged(tx, existing.createdAt);
    } else {
      const created = await tx.adoption.create({
        data: {
          caseId: c.id,
          baseId,
          userId: actor.id,
          ...fields,
          stageChangedAt: now,
          createdAt: now,
          updatedAt: now,
          isDemo: opts.isDemo ?? false,
        },
        select: { id: true },
      });
      id = created.id;
      event = "recorded";
      await adoptionsChanged(tx, c.id, [followUpCaseId]);
      await adoptionDayChanged(tx, now); // a backdated record (the demo seed) lands on a past day
    }
    // Like commenting: the recorder hears what happens on the case next.
    await follow(tx, actor.id, "case", c.id);
    if (event) {
      const payload: AdoptionNotifyPayload = {
        adoptionId: id,
        event,
        actorId: actor.id,
        eventKey: `${id}:${event}:${now.getTime()}`,
      };
      await enqueueJob(tx, ADOPTION_NOTIFY_JOB, payload);
    }
    return { id, created: !existing };
  });
}

/** Withdraws the actor's base's adoption of a case (any verified member of that base). */
export async function removeAdoption(caseId: string, actor: AdoptionActor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const c = await tx.caseStudy.findUnique({ where: { id: caseId }, select: { id: true, baseId: true } });
    if (!c) throw new AdoptionError("not-found");
    const refusal = adoptionRefusal(actor, c.baseId);
    if (refusal) throw new AdoptionError(refusal);
    const existing = await tx.adoption.findUnique({
      where: { caseId_baseId: { caseId, baseId: actor.baseId! } },
      select: { id: true, followUpCaseId: true, createdAt: true },
    });
    if (!existing) throw new AdoptionError("no-adoption");
    await tx.adoption.delete({ where: { id: existing.id } });
    await adoptionsChanged(tx, caseId, [existing.followUpCaseId]);
    await adoptionDayChanged(tx, existing.createdAt);
  });
}

// ---------------------------------------------------------------- reads (read connection, ADR 012)

export interface BaseRef {
  slug: string;
  nameZh: string;
  nameEn: string;
  province: string;
  industry: string;
}

export interface CaseRef {
  slug: string;
  title: string;
  titleEn: string | null;
}

export interface CaseAdoptionView {
  base: BaseRef;
  stage: AdoptionStage;
  note: string;
  outcome: string;
  metrics: Metric[];
  followUp: CaseRef | null;
  stageChangedAt: string;
}

const stageOf = (v: unknown): AdoptionStage => (isAdoptionStage(v) ? v : "considering");
const iso = (v: unknown) => readDate(v)?.toISOString() ?? "";

/** Visible follow-up cases only: a hidden or deleted one is not linked. */
const FOLLOW_UP_JOIN = `LEFT JOIN CaseStudy f ON f.id = a.followUpCaseId AND f.status = 'published' AND f.deletedAt IS NULL`;

/** Who adopted a case: furthest stage first, then most recent. At most `take` rows (the page says how many in all). */
export async function adoptionsOfCase(caseId: string, take = 100): Promise<CaseAdoptionView[]> {
  const rows = (await readStatement(
    `SELECT b.slug, b.nameZh, b.nameEn, b.province, b.industry, a.stage, a.note, a.outcome, a.outcomeMetrics,
            a.stageChangedAt, f.slug AS fSlug, f.title AS fTitle, f.titleEn AS fTitleEn
       FROM Adoption a JOIN Base b ON b.id = a.baseId ${FOLLOW_UP_JOIN}
      WHERE a.caseId = ?
      ORDER BY CASE a.stage WHEN 'adopted' THEN 0 WHEN 'piloting' THEN 1 ELSE 2 END, a.stageChangedAt DESC
      LIMIT ?`,
  ).all(caseId, take)) as Array<Record<string, string | null>>;
  return rows.map((r) => ({
    base: { slug: r.slug!, nameZh: r.nameZh!, nameEn: r.nameEn!, province: r.province!, industry: r.industry! },
    stage: stageOf(r.stage),
    note: r.note ?? "",
    outcome: r.outcome ?? "",
    metrics: parseMetrics(r.outcomeMetrics ?? "[]"),
    followUp: r.fSlug ? { slug: r.fSlug, title: r.fTitle ?? "", titleEn: r.fTitleEn ?? null } : null,
    stageChangedAt: iso(r.stageChangedAt),
  }));
}

/** The case page's section: how many bases adopted the case, and the first `take` of them. */
export async function caseAdoptions(
  caseId: string,
  take = 100,
  /** The case's adoptionCount when the caller has read it already (the case page). */
  known?: number,
): Promise<{ count: number; items: CaseAdoptionView[] }> {
  const row =
    known === undefined
      ? ((await readStatement("SELECT adoptionCount FROM CaseStudy WHERE id = ?").get(caseId)) as
          { adoptionCount: number } | undefined)
      : { adoptionCount: known };
  const count = row?.adoptionCount ?? 0;
  return { count, items: count > 0 ? await adoptionsOfCase(caseId, take) : [] };
}

/** "Based on …": the cases a follow-up case says it builds on (visible ones). */
export async function basedOn(
  followUpCaseId: string,
): Promise<Array<CaseRef & { base: BaseRef | null; stage: AdoptionStage }>> {
  const rows = (await readStatement(
    `SELECT c.slug, c.title, c.titleEn, a.stage, b.slug AS bSlug, b.nameZh, b.nameEn, b.province, b.industry
       FROM Adoption a JOIN CaseStudy c ON c.id = a.caseId LEFT JOIN Base b ON b.id = c.baseId
      WHERE a.followUpCaseId = ? AND c.status = 'published' AND c.deletedAt IS NULL
      ORDER BY a.createdAt LIMIT 20`,
  ).all(followUpCaseId)) as Array<Record<string, string | null>>;
  return rows.map((r) => ({
    slug: r.slug!,
    title: r.title ?? "",
    titleEn: r.titleEn ?? null,
    stage: stageOf(r.stage),
    base: r.bSlug
      ? { slug: r.bSlug, nameZh: r.nameZh!, nameEn: r.nameEn!, province: r.province!, industry: r.industry! }
      : null,
  }));
}

export interface BaseAdoptionRow {
  case: CaseRef;
  /** The other side: the case's base (what this base adopted) or the adopting base (adopted from this base). */
  base: BaseRef | null;
  stage: AdoptionStage;
  note: string;
  stageChangedAt: string;
}

/** A base page's two lists: what it adopted, and what others adopted from its cases. */
export async function adoptionsOfBase(
  baseId: string,
  take = 50,
): Promise<{ adopted: BaseAdoptionRow[]; adoptedFrom: BaseAdoptionRow[] }> {
  const visible = `c.status = 'published' AND c.deletedAt IS NULL`;
  // Both lists in one statement (ADR 082): each side chosen and limited on its own, told
  // apart by `side`.
  const rows = (await readStatement(
    `SELECT * FROM (SELECT 'adopted' AS side, c.slug, c.title, c.titleEn, a.stage, a.note, a.stageChangedAt,
                           b.slug AS bSlug, b.nameZh, b.nameEn, b.province, b.industry
                      FROM Adoption a JOIN CaseStudy c ON c.id = a.caseId LEFT JOIN Base b ON b.id = c.baseId
                     WHERE a.baseId = ? AND ${visible}
                     ORDER BY a.stageChangedAt DESC LIMIT ?) adopted
     UNION ALL
     SELECT * FROM (SELECT 'from' AS side, c.slug, c.title, c.titleEn, a.stage, a.note, a.stageChangedAt,
                           b.slug AS bSlug, b.nameZh, b.nameEn, b.province, b.industry
                      FROM CaseStudy c JOIN Adoption a ON a.caseId = c.id JOIN Base b ON b.id = a.baseId
                     WHERE c.baseId = ? AND ${visible}
                     ORDER BY a.stageChangedAt DESC LIMIT ?) adoptedFrom
     ORDER BY side, stageChangedAt DESC`,
  ).all(baseId, take, baseId, take)) as Array<Record<string, string | null>>;
  const toRow = (r: Record<string, string | null>): BaseAdoptionRow => ({
    case: { slug: r.slug!, title: r.title ?? "", titleEn: r.titleEn ?? null },
    base: r.bSlug
      ? { slug: r.bSlug, nameZh: r.nameZh!, nameEn: r.nameEn!, province: r.province!, industry: r.industry! }
      : null,
    stage: stageOf(r.stage),
    note: r.note ?? "",
    stageChangedAt: iso(r.stageChangedAt),
  });
  return {
    adopted: rows.filter((r) => r.side === "adopted").map(toRow),
    adoptedFrom: rows.filter((r) => r.side === "from").map(toRow),
  };
}

export interface OwnAdoption {
  stage: AdoptionStage;
  note: string;
  outcome: string;
  metrics: Metric[];
  followUpCaseId: string | null;
  stageChangedAt: string;
}

/** The adoption of a case by one base (the member's own), or null. */
export async function adoptionOf(caseId: string, baseId: string): Promise<OwnAdoption | null> {
  const r = (await readStatement(
    `SELECT stage, note, outcome, outcomeMetrics, followUpCaseId, stageChangedAt
       FROM Adoption WHERE caseId = ? AND baseId = ?`,
  ).get(caseId, baseId)) as Record<string, string | null> | undefined;
  if (!r) return null;
  return {
    stage: stageOf(r.stage),
    note: r.note ?? "",
    outcome: r.outcome ?? "",
    metrics: parseMetrics(r.outcomeMetrics ?? "[]"),
    followUpCaseId: r.followUpCaseId ?? null,
    stageChangedAt: iso(r.stageChangedAt),
  };
}

/** The adopting base's published cases, newest first: the choices for "our follow-up case". */
export async function followUpChoices(baseId: string, excludeCaseId: string): Promise<Array<CaseRef & { id: string }>> {
  const rows = (await readStatement(
    `SELECT id, slug, title, titleEn FROM CaseStudy
      WHERE baseId = ? AND id <> ? AND status = 'published' AND deletedAt IS NULL
      ORDER BY publishedAt DESC LIMIT 200`,
  ).all(baseId, excludeCaseId)) as Array<{ id: string; slug: string; title: string; titleEn: string | null }>;
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, titleEn: r.titleEn }));
}

/** What a member sees of adoptions on a case page: whether they may record one, and their base's own. */
export interface AdoptionViewerState {
  refusal: AdoptionRefusal | null;
  own: { stage: AdoptionStage; stageChangedAt: string } | null;
}

export async function adoptionViewerState(
  user: Pick<SessionUser, "role" | "emailVerified" | "baseId" | "baseVerified"> | null,
  caseId: string,
  /** The case's baseId when the caller has read it already (the case page). */
  knownBaseId?: string | null,
): Promise<AdoptionViewerState> {
  // A reader who is not signed in is refused whatever the case (no statement for them).
  if (!user) return { refusal: adoptionRefusal(null, null), own: null };
  const baseId =
    knownBaseId !== undefined
      ? knownBaseId
      : ((
          (await readStatement("SELECT baseId FROM CaseStudy WHERE id = ?").get(caseId)) as
            { baseId: string | null } | undefined
        )?.baseId ?? null);
  const refusal = adoptionRefusal(user, baseId);
  if (refusal || !user?.baseId) return { refusal, own: null };
  const own = await adoptionOf(caseId, user.baseId);
  return { refusal, own: own ? { stage: own.stage, stageChangedAt: own.stageChangedAt } : null };
}

/** A case a base may adopt from: published, not deleted. Null otherwise. */
export async function caseForAdoption(
  caseId: string,
): Promise<{ id: string; slug: string; title: string; titleEn: string | null; baseId: string | null } | null> {
  const r = (await readStatement(
    `SELECT id, slug, title, titleEn, baseId FROM CaseStudy
      WHERE id = ? AND status = 'published' AND deletedAt IS NULL AND revisionNumber > 0`,
  ).get(caseId)) as
    { id: string; slug: string; title: string; titleEn: string | null; baseId: string | null } | undefined;
  return r ?? null;
}
