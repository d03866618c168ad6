// Base affiliation end to end through the route modules: a member asks, a
// moderator approves or rejects, and the member is told in-app and by mail.
import { beforeAll, describe, expect, it } from "vitest";
import * as affiliation from "~/routes/affiliation/route.tsx";
import * as queue from "~/routes/admin.affiliations/route.tsx";
import * as basePage from "~/routes/bases.$slug/route.tsx";
import * as notifications from "~/routes/notifications/route.tsx";
import { prisma } from "~/utils/db.server.ts";
import { callRoute, type RouteResult } from "../helpers/route.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";
import { createTestBase } from "../helpers/bases.ts";

type Base = Awaited<ReturnType<typeof createTestBase>>;
let yiwu: Base;
let shunde: Base;
let moderator: { id: string; cookie: string };
let admin: { id: string; cookie: string };

async function member(opts: { emailVerified?: boolean; locale?: "en" | "zh-CN" } = {}) {
  const u = await createTestUser({ emailVerified: opts.emailVerified ?? true, locale: opts.locale ?? null });
  return { ...u, cookie: await cookieFor(u.id) };
}

function request(cookie: string, base: string, message = "Deputy director of the base's service centre") {
  return callRoute(affiliation.action, { path: "/affiliation", cookie, form: { base, message } });
}

function review(cookie: string, requestId: string, intent: "approve" | "reject", reason?: string) {
  return callRoute(queue.action, {
    path: "/admin/affiliations",
    cookie,
    form: { requestId, intent, ...(reason !== undefined ? { reason } : {}) },
  });
}

async function pendingOf(userId: string) {
  return prisma.affiliationRequest.findFirstOrThrow({ where: { userId, status: "pending" }, select: { id: true } });
}

async function mailsTo(email: string) {
  const jobs = await prisma.job.findMany({ where: { kind: "mail" }, orderBy: { createdAt: "asc" } });
  return jobs
    .map((j) => JSON.parse(j.payload) as { to: string; subject: string; text: string; html: string })
    .filter((m) => m.to === email);
}

const formErrors = (res: RouteResult): string[] => res.data?.result?.error?.[""] ?? [];
const fieldErrors = (res: RouteResult, f: string): string[] => res.data?.result?.error?.[f] ?? [];

beforeAll(async () => {
  yiwu = await createTestBase({
    nameZh: "浙江省义乌市小商品国家外贸转型升级基地",
    nameEn: "Yiwu Small Commodities Base",
  });
  shunde = await createTestBase({
    nameZh: "广东省佛山市顺德区家用电器国家外贸转型升级基地",
    nameEn: "Shunde Home Appliances Base",
    province: "guangdong",
  });
  const m = await createTestUser({ role: "moderator" });
  moderator = { id: m.id, cookie: await cookieFor(m.id) };
  const a = await createTestUser({ role: "admin" });
  admin = { id: a.id, cookie: await cookieFor(a.id) };
});

describe("requesting an affiliation", () => {
  it("needs a session", async () => {
    const res = await callRoute(affiliation.loader, { path: "/affiliation" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("preselects the base from ?base= and lists the bases matching a search (no JavaScript)", async () => {
    const m = await member();
    const res = await callRoute(affiliation.loader, { path: `/affiliation?base=${yiwu.slug}`, cookie: m.cookie });
    expect(res.status).toBe(200);
    expect(res.data.preselect.slug).toBe(yiwu.slug);
    const found = await callRoute(affiliation.loader, {
      path: `/affiliation?q=${encodeURIComponent(shunde.nameZh.slice(0, 2))}`,
      cookie: m.cookie,
    });
    expect(found.data.results.map((b: { slug: string }) => b.slug)).toContain(shunde.slug);
    const unknown = await callRoute(affiliation.loader, { path: "/affiliation?base=nope", cookie: m.cookie });
    expect(unknown.data.preselect).toBeNull();
  });

  it("is refused with 403 when the email is not verified", async () => {
    const m = await member({ emailVerified: false });
    const res = await request(m.cookie, yiwu.slug);
    expect(res.status).toBe(403);
    expect(await prisma.affiliationRequest.count({ where: { userId: m.id } })).toBe(0);
  });

  it("validates the base and the message", async () => {
    const m = await member();
    const missing = await callRoute(affiliation.action, {
      path: "/affiliation",
      cookie: m.cookie,
      form: { base: "", message: "" },
    });
    expect(missing.status).toBe(400);
    expect(fieldErrors(missing, "base")).toEqual(["bases:errors.baseRequired"]);
    expect(fieldErrors(missing, "message")).toEqual(["bases:errors.messageRequired"]);
    const long = await request(m.cookie, yiwu.slug, "x".repeat(501));
    expect(long.status).toBe(400);
    expect(fieldErrors(long, "message")).toEqual(["bases:errors.messageTooLong"]);
    const unknown = await request(m.cookie, "no-such-base");
    expect(unknown.status).toBe(400);
    expect(formErrors(unknown)).toEqual(["bases:errors.base-not-found"]);
  });

  it("files one pending request at a time, shows it, and can withdraw it", async () => {
    const m = await member();
    const first = await request(m.cookie, yiwu.slug);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/affiliation?done=sent");
    const second = await request(m.cookie, shunde.slug);
    expect(second.status).toBe(409);
    expect(formErrors(second)).toEqual(["bases:errors.pending-exists"]);

    const page = await callRoute(affiliation.loader, { path: "/affiliation", cookie: m.cookie });
    expect(page.data.state.pending).toMatchObject({ status: "pending", base: { slug: yiwu.slug } });
    expect(page.data.results).toEqual([]); // no picker while a request is pending

    // Another member cannot withdraw it.
    const other = await member();
    const pending = await pendingOf(m.id);
    const foreign = await callRoute(affiliation.action, {
      path: "/affiliation",
      cookie: other.cookie,
      form: { intent: "withdraw", requestId: pending.id },
    });
    expect(foreign.status).toBe(409);
    const withdrawn = await callRoute(affiliation.action, {
      path: "/affiliation",
      cookie: m.cookie,
      form: { intent: "withdraw", requestId: pending.id },
    });
    expect(withdrawn.status).toBe(302);
    expect(await prisma.affiliationRequest.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "withdrawn",
    });
    // Now a new request is possible.
    expect((await request(m.cookie, shunde.slug)).status).toBe(302);
  });
});

describe("reviewing affiliations", () => {
  it("is forbidden to members (403) and needs a session", async () => {
    const m = await member();
    await request(m.cookie, yiwu.slug);
    const pending = await pendingOf(m.id);
    const other = await member();
    expect((await callRoute(queue.loader, { path: "/admin/affiliations", cookie: other.cookie })).status).toBe(403);
    const res = await review(other.cookie, pending.id, "approve");
    expect(res.status).toBe(403);
    // Not even their own request.
    expect((await review(m.cookie, pending.id, "approve")).status).toBe(403);
    expect(
      (
        await callRoute(queue.action, {
          path: "/admin/affiliations",
          form: { requestId: pending.id, intent: "approve" },
        })
      ).status,
    ).toBe(302);
    expect(await prisma.affiliationRequest.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "pending",
    });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: m.id } })).baseVerifiedAt).toBeNull();
  });

  it("moderator approves: member verified, notified in-app and by mail in their language, audit row written", async () => {
    const m = await member({ locale: "en" });
    await request(m.cookie, yiwu.slug, "Head of export promotion");
    const pending = await pendingOf(m.id);

    const list = await callRoute(queue.loader, { path: "/admin/affiliations", cookie: moderator.cookie });
    expect(list.status).toBe(200);
    expect(list.data.rows.map((r: { id: string }) => r.id)).toContain(pending.id);

    const res = await review(moderator.cookie, pending.id, "approve");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/affiliations?done=approved");

    const user = await prisma.user.findUniqueOrThrow({ where: { id: m.id } });
    expect(user.baseId).toBe(yiwu.id);
    expect(user.baseVerifiedAt).toBeInstanceOf(Date);
    expect(await prisma.affiliationRequest.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "approved",
      reviewerId: moderator.id,
    });

    const notes = await prisma.notification.findMany({ where: { userId: m.id } });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.type).toBe("affiliation.approved");
    expect(JSON.parse(notes[0]!.data)).toMatchObject({
      baseSlug: yiwu.slug,
      baseNameEn: "Yiwu Small Commodities Base",
    });

    const mails = await mailsTo(m.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Your affiliation with Yiwu Small Commodities Base is verified");
    expect(mails[0]!.text).toContain(`/bases/${yiwu.slug}`);

    const audit = await prisma.auditLog.findMany({ where: { targetId: m.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: moderator.id, action: "affiliation.approve", targetType: "user" });
    expect(audit[0]!.createdAt).toBeInstanceOf(Date);

    // The member now appears, verified, on the base page…
    const page = await callRoute(basePage.loader, { path: `/bases/${yiwu.slug}`, params: { slug: yiwu.slug } });
    expect(page.data.base.members.map((x: { id: string }) => x.id)).toContain(m.id);
    // …and reads the notification in their own language.
    const inbox = await callRoute(notifications.loader, { path: "/notifications", cookie: m.cookie });
    expect(inbox.data.notifications[0]).toMatchObject({ type: "affiliation.approved", readAt: null });

    // A second decision on the same request is refused.
    const again = await review(admin.cookie, pending.id, "reject", "changed my mind");
    expect(again.status).toBe(409);
    expect(formErrors(again)).toEqual(["admin:errors.not-pending"]);
  });

  it("reject requires a reason; with one the member is told why, in Chinese by default", async () => {
    const m = await member();
    await request(m.cookie, shunde.slug);
    const pending = await pendingOf(m.id);

    const noReason = await review(admin.cookie, pending.id, "reject", "");
    expect(noReason.status).toBe(400);
    expect(fieldErrors(noReason, "reason")).toEqual(["admin:errors.reasonRequired"]);
    const tooLong = await review(admin.cookie, pending.id, "reject", "x".repeat(501));
    expect(tooLong.status).toBe(400);
    expect(fieldErrors(tooLong, "reason")).toEqual(["admin:errors.reasonTooLong"]);
    expect(await prisma.affiliationRequest.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "pending",
    });

    const res = await review(admin.cookie, pending.id, "reject", "请补充您在基地的具体职务");
    expect(res.status).toBe(302);
    expect(await prisma.affiliationRequest.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "rejected",
      reviewReason: "请补充您在基地的具体职务",
      reviewerId: admin.id,
    });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: m.id } })).baseId).toBeNull();
    const note = await prisma.notification.findFirstOrThrow({ where: { userId: m.id } });
    expect(note.type).toBe("affiliation.rejected");
    const mails = await mailsTo(m.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("未获批准");
    expect(mails[0]!.text).toContain("原因：请补充您在基地的具体职务");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { targetId: m.id, action: "affiliation.reject" } });
    expect(audit).toMatchObject({ actorId: admin.id, reason: "请补充您在基地的具体职务" });

    // The member sees the rejection and its reason, and may ask again.
    const page = await callRoute(affiliation.loader, { path: "/affiliation", cookie: m.cookie });
    expect(page.data.state.requests[0]).toMatchObject({ status: "rejected", reviewReason: "请补充您在基地的具体职务" });
    expect(page.data.state.pending).toBeNull();
  });

  it("a moderator cannot approve their own request", async () => {
    await request(moderator.cookie, yiwu.slug);
    const pending = await pendingOf(moderator.id);
    const res = await review(moderator.cookie, pending.id, "approve");
    expect(res.status).toBe(403);
    expect(formErrors(res)).toEqual(["admin:errors.self-review"]);
  });
});

describe("notifications page", () => {
  it("marks one and then all notifications read, only the reader's own", async () => {
    const m = await member();
    const other = await member();
    for (const base of [yiwu, shunde]) {
      await request(m.cookie, base.slug);
      await review(moderator.cookie, (await pendingOf(m.id)).id, "reject", "not enough detail");
    }
    const [newest, oldest] = await prisma.notification.findMany({
      where: { userId: m.id },
      orderBy: { createdAt: "desc" },
    });
    const list = await callRoute(notifications.loader, { path: "/notifications", cookie: m.cookie });
    expect(list.data.notifications.map((n: { id: string }) => n.id)).toEqual([newest!.id, oldest!.id]);

    const foreign = await callRoute(notifications.action, {
      path: "/notifications",
      cookie: other.cookie,
      form: { intent: "read", id: newest!.id },
    });
    expect(foreign.status).toBe(302);
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: newest!.id } })).readAt).toBeNull();

    await callRoute(notifications.action, {
      path: "/notifications",
      cookie: m.cookie,
      form: { intent: "read", id: newest!.id },
    });
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: newest!.id } })).readAt).not.toBeNull();
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: oldest!.id } })).readAt).toBeNull();
    await callRoute(notifications.action, { path: "/notifications", cookie: m.cookie, form: { intent: "read-all" } });
    expect(await prisma.notification.count({ where: { userId: m.id, readAt: null } })).toBe(0);
    expect((await callRoute(notifications.loader, { path: "/notifications" })).status).toBe(302);
  });
});
