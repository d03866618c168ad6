// Moderation (issue 12.4, ADR 035): members report a case or a comment; moderators
// (and ministry staff, admins) work a queue of reported items with bulk actions
// (dismiss, hide, delete, warn, suspend the author), hide and lock cases from the
// case page, and approve a new member's first posts. The only writer of Report
// rows and of CaseStudy.lockedAt; hides and deletes go through the case and
// comment models' in-transaction functions. Every action writes its audit row,
// and the author's notification and mail (in their language), in the action's
// transaction.
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { appOrigin } from "~/utils/env.server.ts";
import { can } from "~/auth/permissions.ts";
import { endAllSessions, type SessionUser } from "~/auth/session.server.ts";
import { DEFAULT_LOCALE, isLocale } from "~/i18n/config.ts";
import { queueMail } from "~/mail/mailer.server.ts";
import { moderationMail, type ModerationNotice } from "~/mail/moderation-templates.server.ts";
import { consume } from "~/utils/rate-limit.server.ts";
import { writeAudit } from "./audit.server.ts";
import { CaseError, deleteCaseIn, setCaseHiddenIn } from "./case.server.ts";
import { announceComment, CommentError, commentHref, deleteCommentIn, setCommentHiddenIn } from "./comment.server.ts";
import { notify } from "./notification.server.ts";
import { enqueueCaseWithDiscussion } from "./search-outbox.server.ts";
import { FIRST_POSTS_MAX, setFirstPostsRequiringApproval } from "./approval.server.ts";

type Tx = Prisma.TransactionClient;
type Actor = Pick<SessionUser, "id" | "role">;

import {
  BULK_MAX,
  type CASE_MODERATIONS,
  MODERATION_REASON_MAX,
  REPORT_NOTE_MAX,
  type QueueAction,
  type ReportReason,
  type ReportStatus,
  type ReportTarget,
} from "./moderation-input.ts";

export * from "./moderation-input.ts";
/** Items per queue page. */
export const QUEUE_PAGE = 50;

export class ModerationError extends Error {
  constructor(
    public readonly code:
      | "not-found"
      | "forbidden"
      | "duplicate"
      | "own"
      | "reason-required"
      | "staff"
      | "self"
      | "rate-limited"
      | "not-pending",
  ) {
    super(code);
    this.name = "ModerationError";
  }
}

export const itemKey = (type: ReportTarget, id: string) => `${type}:${id}`;

export function parseItemKey(key: string): { type: ReportTarget; id: string } | null {
  const m = /^(case|comment):([A-Za-z0-9_-]{1,64})$/.exec(key);
  return m ? { type: m[1] as ReportTarget, id: m[2]! } : null;
}

function localeOf(user: { locale: string | null }) {
  return isLocale(user.locale) ? user.locale : DEFAULT_LOCALE;
}

function cleanReason(reason: string | null | undefined): string {
  return (reason ?? "").trim().slice(0, MODERATION_REASON_MAX);
}

// ---------------------------------------------------------------- items

interface Item {
  type: ReportTarget;
  id: string;
  caseId: string;
  caseSlug: string;
  title: string;
  titleEn: string | null;
  excerpt: string;
  href: string;
  author: { id: string; username: string; displayName: string; role: string; email: string; locale: string | null };
  state: "ok" | "hidden" | "deleted" | "pending";
  locked: boolean;
}

const authorSelect = { id: true, username: true, displayName: true, role: true, email: true, locale: true } as const;

async function loadItem(tx: Tx | typeof prisma, type: ReportTarget, id: string): Promise<Item | null> {
  if (type === "case") {
    const c = await tx.caseStudy.findUnique({
      where: { id },
      select: {
        id: true,
        slug: true,
        title: true,
        titleEn: true,
        summary: true,
        status: true,
        revisionNumber: true,
        deletedAt: true,
        lockedAt: true,
        author: { select: authorSelect },
      },
    });
    if (!c || c.revisionNumber === 0) return null;
    return {
      type,
      id,
      caseId: c.id,
      caseSlug: c.slug,
      title: c.title,
      titleEn: c.titleEn,
      excerpt: c.summary.slice(0, 200),
      href: `/cases/${c.slug}`,
      author: c.author,
      state: c.deletedAt ? "deleted" : c.status === "hidden" ? "hidden" : c.status === "pending" ? "pending" : "ok",
      locked: Boolean(c.lockedAt),
    };
  }
  const m = await tx.comment.findUnique({
    where: { id },
    select: {
      id: true,
      bodyText: true,
      deletedAt: true,
      hiddenAt: true,
      pendingAt: true,
      author: { select: authorSelect },
      case: { select: { id: true, slug: true, title: true, titleEn: true, lockedAt: true, revisionNumber: true } },
    },
  });
  if (!m || m.case.revisionNumber === 0) return null;
  return {
    type,
    id,
    caseId: m.case.id,
    caseSlug: m.case.slug,
    title: m.case.title,
    titleEn: m.case.titleEn,
    excerpt: m.bodyText.replace(/\s+/g, " ").slice(0, 200),
    href: commentHref(m.case.slug, m.id),
    author: m.author,
    state: m.deletedAt ? "deleted" : m.hiddenAt ? "hidden" : m.pendingAt ? "pending" : "ok",
    locked: Boolean(m.case.lockedAt),
  };
}

/**
 * Tells an author what a moderator did to their post and why: an in-app
 * notification (grouped under the item) and a mail in the author's language.
 */
async function tellAuthor(tx: Tx, item: Item, notice: ModerationNotice, reason: string | null) {
  const data = {
    itemType: item.type,
    title: item.title,
    titleEn: item.titleEn,
    reason: reason ?? "",
    // A deleted or hidden item is not where the author can read the reason: the notification is.
    href: notice === "caseDeleted" || notice === "commentDeleted" ? "/notifications" : item.href,
  };
  await notify(tx, item.author.id, `moderation.${notice}`, data, itemKey(item.type, item.id));
  const locale = localeOf(item.author);
  const mail = moderationMail(locale, notice, {
    name: item.author.displayName,
    title: locale === "en" && item.titleEn ? item.titleEn : item.title,
    reason: reason ?? "",
    url: `${appOrigin()}${data.href}`,
  });
  await queueMail(tx, { to: item.author.email, ...mail });
}

// ---------------------------------------------------------------- reports

/** A member reports a case or a comment: one open report per member per item. */
export async function createReport(
  reporter: Pick<SessionUser, "id" | "role" | "emailVerified">,
  input: { type: ReportTarget; id: string; reason: ReportReason; note: string },
): Promise<{ id: string }> {
  if (!can(reporter, "create:report:own") || !reporter.emailVerified) throw new ModerationError("forbidden");
  const item = await loadItem(prisma, input.type, input.id);
  // Only what the reporter can see is reportable.
  if (!item || item.state !== "ok") throw new ModerationError("not-found");
  if (item.author.id === reporter.id) throw new ModerationError("own");
  const openKey = `${reporter.id}:${itemKey(input.type, input.id)}`;
  const existing = await prisma.report.findUnique({ where: { openKey }, select: { id: true } });
  if (existing) throw new ModerationError("duplicate");
  const limit = await consume([["reportMember", reporter.id]]);
  if (!limit.ok) throw new ModerationError("rate-limited");
  try {
    return await prisma.report.create({
      data: {
        reporterId: reporter.id,
        targetType: input.type,
        targetId: input.id,
        reason: input.reason,
        note: input.note.trim().slice(0, REPORT_NOTE_MAX),
        openKey,
      },
      select: { id: true },
    });
  } catch (e) {
    // Two submissions at once: the unique openKey lets one through.
    if (typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002")
      throw new ModerationError("duplicate");
    throw e;
  }
}

/** What the report page shows of an item anyone may see, or null (deleted, hidden, pending, a draft). */
export async function reportableItem(type: ReportTarget, id: string) {
  const item = await loadItem(prisma, type, id);
  if (!item || item.state !== "ok") return null;
  return { title: item.title, titleEn: item.titleEn, excerpt: item.excerpt, href: item.href, authorId: item.author.id };
}

/** Whether the member already has an open report on the item (the report page says so). */
export async function hasOpenReport(reporterId: string, type: ReportTarget, id: string): Promise<boolean> {
  const r = await prisma.report.findUnique({
    where: { openKey: `${reporterId}:${itemKey(type, id)}` },
    select: { id: true },
  });
  return Boolean(r);
}

export interface QueueFilters {
  status: ReportStatus | "all";
  type: ReportTarget | "all";
  reason: ReportReason | "all";
}

/**
 * The queue: reported items (not single reports), most recently reported first,
 * each with its reports matching the filters, the reasons and notes.
 */
export async function listQueue(filters: QueueFilters) {
  const where: Prisma.ReportWhereInput = {
    ...(filters.status !== "all" ? { status: filters.status } : {}),
    ...(filters.type !== "all" ? { targetType: filters.type } : {}),
    ...(filters.reason !== "all" ? { reason: filters.reason } : {}),
  };
  const [reports, openCount] = await Promise.all([
    prisma.report.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      // Enough reports for a page of items; an item with more shows the newest ones.
      take: QUEUE_PAGE * 10,
      select: {
        id: true,
        targetType: true,
        targetId: true,
        reason: true,
        note: true,
        status: true,
        resolution: true,
        createdAt: true,
        reporter: { select: { username: true, displayName: true } },
      },
    }),
    prisma.report.count({ where: { status: "open" } }),
  ]);
  const groups = new Map<string, typeof reports>();
  for (const r of reports) {
    const key = `${r.targetType}:${r.targetId}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else if (groups.size < QUEUE_PAGE) groups.set(key, [r]);
  }
  const items = [];
  for (const [key, list] of groups) {
    const parsed = parseItemKey(key);
    const item = parsed ? await loadItem(prisma, parsed.type, parsed.id) : null;
    if (!item) continue;
    const reasons = [...new Set(list.map((r) => r.reason))];
    items.push({
      key,
      type: item.type,
      title: item.title,
      titleEn: item.titleEn,
      excerpt: item.excerpt,
      href: item.href,
      state: item.state,
      locked: item.locked,
      author: { username: item.author.username, displayName: item.author.displayName, role: item.author.role },
      reasons,
      openReports: list.filter((r) => r.status === "open").length,
      reports: list.slice(0, 5),
    });
  }
  return { items, openCount };
}

/** Everything that happened to an item: its reports and the moderation actions on it, newest first. */
export async function itemHistory(type: ReportTarget, id: string) {
  const item = await loadItem(prisma, type, id);
  if (!item) return null;
  const [reports, audit] = await Promise.all([
    prisma.report.findMany({
      where: { targetType: type, targetId: id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 200,
      select: {
        id: true,
        reason: true,
        note: true,
        status: true,
        resolution: true,
        createdAt: true,
        resolvedAt: true,
        reporter: { select: { username: true, displayName: true } },
      },
    }),
    prisma.auditLog.findMany({
      // Warnings and suspensions are rows about the author that name the item.
      where: {
        OR: [
          { targetType: type, targetId: id },
          { targetType: "user", targetId: item.author.id, details: { contains: `"item":"${itemKey(type, id)}"` } },
        ],
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 200,
      select: {
        id: true,
        action: true,
        reason: true,
        createdAt: true,
        actor: { select: { username: true, displayName: true } },
      },
    }),
  ]);
  return {
    item: {
      type,
      id,
      title: item.title,
      titleEn: item.titleEn,
      excerpt: item.excerpt,
      href: item.href,
      state: item.state,
      locked: item.locked,
      author: { username: item.author.username, displayName: item.author.displayName },
    },
    reports,
    audit,
  };
}

/** Closes the item's open reports with the action taken, and records it on the item. */
async function resolveReports(tx: Tx, actor: Actor, item: Item, resolution: QueueAction, reason: string | null) {
  const { count } = await tx.report.updateMany({
    where: { targetType: item.type, targetId: item.id, status: "open" },
    data: {
      status: resolution === "dismiss" ? "dismissed" : "actioned",
      resolution,
      resolvedById: actor.id,
      resolvedAt: new Date(),
      // The member may report the item again later.
      openKey: null,
    },
  });
  await writeAudit(tx, {
    actorId: actor.id,
    action: resolution === "dismiss" ? "report.dismiss" : "report.resolve",
    targetType: item.type,
    targetId: item.id,
    reason,
    details: { resolution, reports: count },
  });
}

/** resolveReports, only when the item has open reports (no empty "resolved" row in its history). */
async function resolveOpenReports(tx: Tx, actor: Actor, item: Item, resolution: QueueAction, reason: string) {
  const open = await tx.report.count({ where: { targetType: item.type, targetId: item.id, status: "open" } });
  if (open > 0) await resolveReports(tx, actor, item, resolution, reason);
}

/**
 * Hide or unhide a comment from its thread (the moderator's controls under each
 * comment): as from the queue, hiding tells the author why and closes the
 * comment's open reports. Refusals are the comment model's CommentErrors.
 */
export async function moderateComment(actor: Actor, commentId: string, hide: boolean, reasonInput: string) {
  const reason = cleanReason(reasonInput);
  await prisma.$transaction(async (tx) => {
    const item = await loadItem(tx, "comment", commentId);
    if (!item) throw new CommentError("not-found");
    await setCommentHiddenIn(tx, commentId, { ...actor, emailVerified: true, createdAt: new Date(0) }, hide, reason);
    // Hiding an already hidden comment again only changes the reason shown.
    if (!hide || item.state !== "ok") return;
    await tellAuthor(tx, item, "commentHidden", reason);
    await resolveOpenReports(tx, actor, item, "hide", reason);
  });
}

/** May this actor suspend this author from the queue? Admins anyone but themselves; moderators only members. */
function maySuspend(actor: Actor, author: { id: string; role: string }): ModerationError | null {
  if (author.id === actor.id) return new ModerationError("self");
  if (can(actor, "suspend:user:any")) return null;
  if (!can(actor, "suspend:user:reported")) return new ModerationError("forbidden");
  return author.role === "member" ? null : new ModerationError("staff");
}

export interface BulkResult {
  done: string[];
  failed: Array<{ key: string; code: ModerationError["code"] }>;
}

/**
 * One action on several reported items. Each item is its own transaction (the
 * action, the author's notice, the reports closed, the audit rows), so one that
 * fails (already deleted, a staff author) leaves the others done.
 */
export async function applyQueueAction(
  actor: Actor,
  input: { keys: string[]; action: QueueAction; reason: string },
): Promise<BulkResult> {
  if (!can(actor, "review:report:any")) throw new ModerationError("forbidden");
  const reason = cleanReason(input.reason);
  // The author is told why: every action but dismissing needs a reason.
  if (input.action !== "dismiss" && !reason) throw new ModerationError("reason-required");
  const result: BulkResult = { done: [], failed: [] };
  const suspended: string[] = [];
  for (const key of [...new Set(input.keys)].slice(0, BULK_MAX)) {
    const parsed = parseItemKey(key);
    if (!parsed) {
      result.failed.push({ key, code: "not-found" });
      continue;
    }
    try {
      const suspendedId = await prisma.$transaction(async (tx) => {
        const item = await loadItem(tx, parsed.type, parsed.id);
        if (!item) throw new ModerationError("not-found");
        let suspendedAuthor: string | null = null;
        switch (input.action) {
          case "dismiss":
            break;
          case "hide":
            if (item.state !== "ok") throw new ModerationError("not-found");
            if (item.type === "case") await setCaseHiddenIn(tx, item.id, actor, true, reason);
            else
              await setCommentHiddenIn(
                tx,
                item.id,
                { ...actor, emailVerified: true, createdAt: new Date(0) },
                true,
                reason,
              );
            await tellAuthor(tx, item, item.type === "case" ? "caseHidden" : "commentHidden", reason);
            break;
          case "delete":
            if (item.state === "deleted") throw new ModerationError("not-found");
            if (item.type === "case") {
              if (!can(actor, "delete:case:any")) throw new ModerationError("forbidden");
              await deleteCaseIn(tx, item.id, actor, reason);
            } else {
              if (!can(actor, "delete:comment:any")) throw new ModerationError("forbidden");
              await deleteCommentIn(tx, item.id, { ...actor, emailVerified: true, createdAt: new Date(0) }, reason);
            }
            await tellAuthor(tx, item, item.type === "case" ? "caseDeleted" : "commentDeleted", reason);
            break;
          case "warn":
            await tellAuthor(tx, item, "warned", reason);
            await writeAudit(tx, {
              actorId: actor.id,
              action: "user.warn",
              targetType: "user",
              targetId: item.author.id,
              reason,
              details: { item: itemKey(item.type, item.id) },
            });
            break;
          case "suspend": {
            const refusal = maySuspend(actor, item.author);
            if (refusal) throw refusal;
            const { count } = await tx.user.updateMany({
              where: { id: item.author.id, suspendedAt: null },
              data: { suspendedAt: new Date(), suspendedReason: reason },
            });
            if (count === 1) {
              await writeAudit(tx, {
                actorId: actor.id,
                action: "user.suspend",
                targetType: "user",
                targetId: item.author.id,
                reason,
                details: { item: itemKey(item.type, item.id) },
              });
              await tellAuthor(tx, item, "suspended", reason);
              suspendedAuthor = item.author.id;
            }
            break;
          }
        }
        await resolveReports(tx, actor, item, input.action, reason || null);
        return suspendedAuthor;
      });
      if (suspendedId) suspended.push(suspendedId);
      result.done.push(key);
    } catch (e) {
      if (e instanceof ModerationError) result.failed.push({ key, code: e.code });
      else if (e instanceof CaseError || e instanceof CommentError)
        result.failed.push({ key, code: e.code === "forbidden" ? "forbidden" : "not-found" });
      else throw e;
    }
  }
  // After the commits: a suspended member is out at once (authenticate() refuses them anyway).
  for (const id of suspended) await endAllSessions(id);
  return result;
}

// ---------------------------------------------------------------- the case page

export type CaseModeration = (typeof CASE_MODERATIONS)[number];

/**
 * Hide/unhide (status, search) and lock/unlock (no new comments) from the case
 * page, with a reason the author is told (notification and mail). Audited.
 */
export async function moderateCase(actor: Actor, caseId: string, action: CaseModeration, reasonInput: string) {
  const permission = action === "hide" || action === "unhide" ? "hide:case:any" : "lock:case:any";
  if (!can(actor, permission)) throw new ModerationError("forbidden");
  const reason = cleanReason(reasonInput);
  if (!reason) throw new ModerationError("reason-required");
  await prisma.$transaction(async (tx) => {
    const item = await loadItem(tx, "case", caseId);
    if (!item || item.state === "deleted" || item.state === "pending") throw new ModerationError("not-found");
    if (action === "hide" || action === "unhide") {
      const hide = action === "hide";
      if ((item.state === "hidden") === hide) throw new ModerationError("not-found");
      await setCaseHiddenIn(tx, caseId, actor, hide, reason);
      await tellAuthor(tx, item, hide ? "caseHidden" : "caseUnhidden", reason);
      // Hidden from its page is hidden: its open reports are closed as acted on,
      // not left in the queue for someone to "dismiss" later.
      if (hide) await resolveOpenReports(tx, actor, item, "hide", reason);
      return;
    }
    const lock = action === "lock";
    const { count } = await tx.caseStudy.updateMany({
      where: { id: caseId, lockedAt: lock ? null : { not: null } },
      data: lock
        ? { lockedAt: new Date(), lockedReason: reason, discussionVersion: { increment: 1 } }
        : { lockedAt: null, lockedReason: null, discussionVersion: { increment: 1 } },
    });
    if (count !== 1) throw new ModerationError("not-found");
    await writeAudit(tx, {
      actorId: actor.id,
      action: lock ? "case.lock" : "case.unlock",
      targetType: "case",
      targetId: caseId,
      reason,
    });
    await tellAuthor(tx, item, lock ? "threadLocked" : "threadUnlocked", reason);
  });
}

/** What the case page's moderation form needs. */
export async function caseModerationState(caseId: string) {
  return prisma.caseStudy.findUnique({
    where: { id: caseId },
    select: {
      id: true,
      slug: true,
      title: true,
      titleEn: true,
      status: true,
      hiddenReason: true,
      lockedAt: true,
      lockedReason: true,
      deletedAt: true,
      revisionNumber: true,
    },
  });
}

// ---------------------------------------------------------------- first-post approval

/** Posts waiting for approval, oldest first. */
export async function listPendingPosts() {
  const [comments, cases] = await Promise.all([
    prisma.comment.findMany({
      where: { pendingAt: { not: null }, deletedAt: null },
      orderBy: [{ pendingAt: "asc" }, { id: "asc" }],
      take: 100,
      select: {
        id: true,
        bodyText: true,
        pendingAt: true,
        author: { select: { username: true, displayName: true } },
        case: { select: { slug: true, title: true, titleEn: true } },
      },
    }),
    prisma.caseStudy.findMany({
      where: { status: "pending", deletedAt: null },
      orderBy: [{ publishedAt: "asc" }, { id: "asc" }],
      take: 100,
      select: {
        id: true,
        slug: true,
        title: true,
        titleEn: true,
        summary: true,
        publishedAt: true,
        author: { select: { username: true, displayName: true } },
      },
    }),
  ]);
  return {
    items: [
      ...cases.map((c) => ({
        key: itemKey("case", c.id),
        type: "case" as const,
        title: c.title,
        titleEn: c.titleEn,
        excerpt: c.summary.slice(0, 300),
        href: `/cases/${c.slug}`,
        author: c.author,
        at: c.publishedAt,
      })),
      ...comments.map((m) => ({
        key: itemKey("comment", m.id),
        type: "comment" as const,
        title: m.case.title,
        titleEn: m.case.titleEn,
        excerpt: m.bodyText.replace(/\s+/g, " ").slice(0, 300),
        href: `/cases/${m.case.slug}`,
        author: m.author,
        at: m.pendingAt,
      })),
    ],
  };
}

export function countPendingPosts(): Promise<number> {
  return Promise.all([
    prisma.comment.count({ where: { pendingAt: { not: null }, deletedAt: null } }),
    prisma.caseStudy.count({ where: { status: "pending", deletedAt: null } }),
  ]).then(([a, b]) => a + b);
}

/**
 * Approves (the post becomes public: counted, notified, indexed) or rejects (it
 * never becomes public; the author is told why) a pending post. Audited.
 */
export async function decidePendingPost(actor: Actor, key: string, approve: boolean, reasonInput: string) {
  if (!can(actor, "approve:post:any")) throw new ModerationError("forbidden");
  const reason = cleanReason(reasonInput);
  if (!approve && !reason) throw new ModerationError("reason-required");
  const parsed = parseItemKey(key);
  if (!parsed) throw new ModerationError("not-found");
  await prisma.$transaction(async (tx) => {
    const item = await loadItem(tx, parsed.type, parsed.id);
    if (!item || item.state !== "pending") throw new ModerationError("not-pending");
    if (item.author.id === actor.id) throw new ModerationError("self");
    if (parsed.type === "comment") {
      if (approve) {
        await tx.comment.update({ where: { id: item.id }, data: { pendingAt: null } });
        await announceComment(tx, item.id);
      } else {
        // Stays pending and becomes deleted: never public, not counted as an approved post.
        await tx.comment.update({ where: { id: item.id }, data: { deletedAt: new Date(), hiddenReason: reason } });
      }
    } else if (approve) {
      await tx.caseStudy.update({ where: { id: item.id }, data: { status: "published" } });
      await enqueueCaseWithDiscussion(tx, item.id);
    } else {
      await tx.caseStudy.update({
        where: { id: item.id },
        data: { status: "hidden", hiddenAt: new Date(), hiddenReason: reason },
      });
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: approve ? "post.approve" : "post.reject",
      targetType: parsed.type,
      targetId: parsed.id,
      reason: reason || null,
    });
    await tellAuthor(tx, item, approve ? "postApproved" : "postRejected", reason || null);
  });
}

/** An administrator sets how many first posts wait (null: back to the environment's default). Audited. */
export async function setFirstPostsSetting(actor: Actor, n: number | null) {
  if (!can(actor, "manage:settings:any")) throw new ModerationError("forbidden");
  if (n !== null && (!Number.isInteger(n) || n < 0 || n > FIRST_POSTS_MAX)) throw new ModerationError("not-found");
  await prisma.$transaction(async (tx) => {
    await setFirstPostsRequiringApproval(tx, n);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "settings.firstPostsApproval",
      targetType: "setting",
      targetId: "moderation.firstPostsApproval",
      details: { value: n },
    });
  });
}
