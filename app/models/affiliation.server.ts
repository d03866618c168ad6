// Base affiliation requests: a member asks to be recognized as working for a
// base; a moderator or admin approves (the member becomes a verified member of
// the base) or rejects with a reason. The only writer of AffiliationRequest and
// of User.baseId / baseVerifiedAt.
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { appOrigin } from "~/utils/env.server.ts";
import { readStatement } from "~/utils/db-read.server.ts";
import { isLocale, DEFAULT_LOCALE } from "~/i18n/config.ts";
import { queueMail } from "~/mail/mailer.server.ts";
import { mailTemplates } from "~/mail/templates.server.ts";
import { affiliationRequestedMail } from "~/mail/onboarding-templates.server.ts";
import { writeAudit } from "./audit.server.ts";
import { notify } from "./notification.server.ts";

export const AFFILIATION_MESSAGE_MAX = 500;
export const REVIEW_REASON_MAX = 500;

export type AffiliationStatus = "pending" | "approved" | "rejected" | "withdrawn";

const baseBrief = {
  id: true,
  slug: true,
  nameZh: true,
  nameEn: true,
  province: true,
} as const satisfies Prisma.BaseSelect;

export type RequestError = "base-not-found" | "pending-exists" | "already-affiliated" | "email-unverified";

/** Files a request. One pending request per member at a time. */
export async function requestAffiliation(
  userId: string,
  input: { baseSlug: string; message: string; evidence?: { key: string; name: string } | null },
): Promise<{ ok: true; id: string } | { ok: false; error: RequestError }> {
  const message = input.message.trim().slice(0, AFFILIATION_MESSAGE_MAX);
  return prisma.$transaction(async (tx) => {
    const [user, base, pending] = await Promise.all([
      tx.user.findUnique({
        where: { id: userId },
        select: { emailVerifiedAt: true, baseId: true, baseVerifiedAt: true },
      }),
      // A retired base takes no new affiliations (its page and cases stay).
      tx.base.findFirst({ where: { slug: input.baseSlug, retiredAt: null }, select: { id: true } }),
      tx.affiliationRequest.findFirst({ where: { userId, status: "pending" }, select: { id: true } }),
    ]);
    if (!user?.emailVerifiedAt) return { ok: false as const, error: "email-unverified" as const };
    if (!base) return { ok: false as const, error: "base-not-found" as const };
    if (pending) return { ok: false as const, error: "pending-exists" as const };
    if (user.baseId === base.id && user.baseVerifiedAt)
      return { ok: false as const, error: "already-affiliated" as const };
    const created = await tx.affiliationRequest.create({
      data: {
        userId,
        baseId: base.id,
        message,
        status: "pending",
        evidenceKey: input.evidence?.key ?? null,
        evidenceName: input.evidence?.name ?? null,
      },
      select: { id: true },
    });
    await tellReviewers(tx, created.id);
    return { ok: true as const, id: created.id };
  });
}

/**
 * Every reviewer (moderators, ministry staff, admins; not suspended, not the
 * requester) gets a notification and a mail in their language for each new
 * request (issue 12.9), in the request's transaction.
 */
async function tellReviewers(tx: Prisma.TransactionClient, requestId: string) {
  const req = await tx.affiliationRequest.findUniqueOrThrow({
    where: { id: requestId },
    select: {
      message: true,
      user: { select: { id: true, displayName: true, username: true } },
      base: { select: baseBrief },
    },
  });
  const reviewers = await tx.user.findMany({
    where: {
      role: { in: ["moderator", "ministry", "admin"] },
      suspendedAt: null,
      deletedAt: null,
      id: { not: req.user.id },
    },
    select: { id: true, email: true, displayName: true, locale: true, emailVerifiedAt: true },
  });
  const data = {
    member: req.user.displayName,
    memberUsername: req.user.username,
    baseNameZh: req.base.nameZh,
    baseNameEn: req.base.nameEn,
    href: "/admin/affiliations",
  };
  for (const r of reviewers) {
    await notify(tx, r.id, "onboarding.affiliationRequested", data, `affiliation:${requestId}`);
    if (!r.emailVerifiedAt) continue;
    const locale = localeOf(r);
    const mail = affiliationRequestedMail(locale, {
      name: r.displayName,
      member: req.user.displayName,
      base: locale === "en" ? req.base.nameEn : req.base.nameZh,
      message: req.message,
      url: `${appOrigin()}/admin/affiliations`,
    });
    await queueMail(tx, { to: r.email, ...mail });
  }
}

/** Withdraws the member's own pending request; false when there was none. */
export async function withdrawAffiliation(userId: string, requestId: string): Promise<boolean> {
  const { count } = await prisma.affiliationRequest.updateMany({
    where: { id: requestId, userId, status: "pending" },
    data: { status: "withdrawn" },
  });
  return count === 1;
}

/** What /affiliation shows: the current verified base and the latest requests. */
export async function affiliationState(userId: string) {
  const [user, requests] = await Promise.all([
    prisma.user.findUnique({
      where: { id: userId },
      select: { baseVerifiedAt: true, base: { select: baseBrief } },
    }),
    prisma.affiliationRequest.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: 5,
      select: {
        id: true,
        status: true,
        message: true,
        evidenceName: true,
        reviewReason: true,
        reviewedAt: true,
        createdAt: true,
        base: { select: baseBrief },
      },
    }),
  ]);
  return {
    verifiedBase: user?.baseVerifiedAt && user.base ? user.base : null,
    pending: requests.find((r) => r.status === "pending") ?? null,
    requests,
  };
}

/** Requests waiting for review: the number in reviewers' header, on every page (read connection, ADR 012). */
export async function pendingAffiliationCount(): Promise<number> {
  const row = (await readStatement("SELECT count(*) AS n FROM AffiliationRequest WHERE status = 'pending'").get()) as {
    n: number;
  };
  return row.n;
}

/** The review queue, oldest first (first come, first served). */
export async function listPendingAffiliations(opts: { take?: number; cursor?: string } = {}) {
  const take = Math.min(opts.take ?? 50, 200);
  const rows = await prisma.affiliationRequest.findMany({
    where: { status: "pending" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: take + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      message: true,
      evidenceName: true,
      createdAt: true,
      user: {
        select: {
          id: true,
          username: true,
          displayName: true,
          email: true,
          emailVerifiedAt: true,
          base: { select: baseBrief },
          baseVerifiedAt: true,
        },
      },
      base: { select: baseBrief },
    },
  });
  const total = await prisma.affiliationRequest.count({ where: { status: "pending" } });
  return { rows: rows.slice(0, take), nextCursor: rows.length > take ? rows[take - 1]!.id : null, total };
}

export type ReviewError = "not-found" | "not-pending" | "self-review";

interface Reviewer {
  id: string;
}

async function loadForReview(tx: Prisma.TransactionClient, requestId: string) {
  return tx.affiliationRequest.findUnique({
    where: { id: requestId },
    select: {
      id: true,
      status: true,
      userId: true,
      base: { select: baseBrief },
      user: { select: { id: true, email: true, displayName: true, locale: true } },
    },
  });
}

function localeOf(user: { locale: string | null }) {
  return isLocale(user.locale) ? user.locale : DEFAULT_LOCALE;
}

/**
 * Approves a pending request: the member becomes a verified member of the base,
 * gets a notification and a mail in their language, and the audit log records
 * who did it — all in one transaction.
 */
export async function approveAffiliation(
  reviewer: Reviewer,
  requestId: string,
  opts: { note?: string | null } = {},
): Promise<{ ok: true } | { ok: false; error: ReviewError }> {
  return prisma.$transaction(async (tx) => {
    const req = await loadForReview(tx, requestId);
    if (!req) return { ok: false as const, error: "not-found" as const };
    if (req.status !== "pending") return { ok: false as const, error: "not-pending" as const };
    if (req.userId === reviewer.id) return { ok: false as const, error: "self-review" as const };
    const now = new Date();
    const note = opts.note?.trim().slice(0, REVIEW_REASON_MAX) || null;
    // Conditional on still being pending: two reviewers clicking at once cannot both act.
    const { count } = await tx.affiliationRequest.updateMany({
      where: { id: req.id, status: "pending" },
      data: { status: "approved", reviewerId: reviewer.id, reviewedAt: now, reviewReason: note },
    });
    if (count !== 1) return { ok: false as const, error: "not-pending" as const };
    await tx.user.update({ where: { id: req.userId }, data: { baseId: req.base.id, baseVerifiedAt: now } });
    await notify(tx, req.userId, "affiliation.approved", {
      baseSlug: req.base.slug,
      baseNameZh: req.base.nameZh,
      baseNameEn: req.base.nameEn,
      href: `/bases/${req.base.slug}`,
    });
    const locale = localeOf(req.user);
    const mail = mailTemplates.affiliationApproved(locale, {
      name: req.user.displayName,
      base: locale === "en" ? req.base.nameEn : req.base.nameZh,
      url: `${appOrigin()}/bases/${req.base.slug}`,
    });
    await queueMail(tx, { to: req.user.email, ...mail });
    await writeAudit(tx, {
      actorId: reviewer.id,
      action: "affiliation.approve",
      targetType: "user",
      targetId: req.userId,
      reason: note,
      details: { requestId: req.id, baseId: req.base.id, baseSlug: req.base.slug },
    });
    return { ok: true as const };
  });
}

/** Rejects a pending request; the reason is required and is shown to the member. */
export async function rejectAffiliation(
  reviewer: Reviewer,
  requestId: string,
  reason: string,
): Promise<{ ok: true } | { ok: false; error: ReviewError | "reason-required" }> {
  const why = reason.trim().slice(0, REVIEW_REASON_MAX);
  if (!why) return { ok: false, error: "reason-required" };
  return prisma.$transaction(async (tx) => {
    const req = await loadForReview(tx, requestId);
    if (!req) return { ok: false as const, error: "not-found" as const };
    if (req.status !== "pending") return { ok: false as const, error: "not-pending" as const };
    if (req.userId === reviewer.id) return { ok: false as const, error: "self-review" as const };
    const { count } = await tx.affiliationRequest.updateMany({
      where: { id: req.id, status: "pending" },
      data: { status: "rejected", reviewerId: reviewer.id, reviewedAt: new Date(), reviewReason: why },
    });
    if (count !== 1) return { ok: false as const, error: "not-pending" as const };
    await notify(tx, req.userId, "affiliation.rejected", {
      baseSlug: req.base.slug,
      baseNameZh: req.base.nameZh,
      baseNameEn: req.base.nameEn,
      reason: why,
      href: "/affiliation",
    });
    const locale = localeOf(req.user);
    const mail = mailTemplates.affiliationRejected(locale, {
      name: req.user.displayName,
      base: locale === "en" ? req.base.nameEn : req.base.nameZh,
      reason: why,
      url: `${appOrigin()}/affiliation`,
    });
    await queueMail(tx, { to: req.user.email, ...mail });
    await writeAudit(tx, {
      actorId: reviewer.id,
      action: "affiliation.reject",
      targetType: "user",
      targetId: req.userId,
      reason: why,
      details: { requestId: req.id, baseId: req.base.id, baseSlug: req.base.slug },
    });
    return { ok: true as const };
  });
}
