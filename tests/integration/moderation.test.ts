// Moderation (issue 12.4, ADR 035) through the routes: reporting, the queue and
// its bulk actions, item history, hide/lock from the case page, first-post
// approval — each action tried by every role (anonymous, member, the author,
// moderator, ministry, admin), with the author's notification and mail and the
// audit row checked where the action succeeds.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { createComment } from "~/models/comment.server.ts";
import { FIRST_POSTS_SETTING } from "~/models/approval.server.ts";
import * as reportRoute from "~/routes/report/route.tsx";
import * as queueRoute from "~/routes/moderation._index/route.tsx";
import * as historyRoute from "~/routes/moderation.history/route.tsx";
import * as approvalsRoute from "~/routes/moderation.approvals/route.tsx";
import * as moderateRoute from "~/routes/cases.$slug_.moderate/route.tsx";
import * as pageRoute from "~/routes/cases.$slug/route.tsx";
import { callRoute } from "../helpers/route.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";
import { createTestBase } from "../helpers/bases.ts";

type Role = "member" | "moderator" | "ministry" | "admin";
type Who = { id: string; username: string; email: string; cookie: string };

let base: { id: string };

async function person(role: Role = "member", opts: { young?: boolean; locale?: string } = {}): Promise<Who> {
  const u = await createTestUser();
  await prisma.user.update({
    where: { id: u.id },
    data: {
      role,
      locale: opts.locale ?? null,
      ...(opts.young ? {} : { createdAt: new Date(Date.now() - 3 * 86_400_000) }),
    },
  });
  return { id: u.id, username: u.username, email: u.email, cookie: await cookieFor(u.id) };
}

async function publishAs(author: Who, title = `Case ${Math.random().toString(36).slice(2, 8)}`) {
  await prisma.user.update({ where: { id: author.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  const role = (await prisma.user.findUniqueOrThrow({ where: { id: author.id } })).role;
  const actor = { id: author.id, role, baseId: base.id, baseVerified: true, emailVerified: true };
  const content = { ...emptyContent(), title, summary: "summary", baseId: base.id };
  const d = await createDraft(author.id, crypto.randomUUID(), content);
  const r = await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion });
  return { id: d.id, slug: r.slug, pending: r.pending };
}

async function commentAs(who: Who, caseId: string, text = `comment ${Math.random()}`) {
  const u = await prisma.user.findUniqueOrThrow({ where: { id: who.id } });
  const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
  return createComment({
    caseId,
    actor: { ...u, emailVerified: true, baseVerified: Boolean(u.baseVerifiedAt) },
    doc,
  });
}

function report(who: Who | null, type: string, id: string, form: Record<string, string> = {}) {
  return callRoute(reportRoute.action, {
    path: `/report?type=${type}&id=${id}`,
    cookie: who?.cookie,
    form: { type, id, reason: "spam", note: "advertising", ...form },
  });
}

function queueAction(who: Who | null, form: Record<string, string | string[]>) {
  return callRoute(queueRoute.action, { path: "/moderation", cookie: who?.cookie, form });
}

function moderate(who: Who | null, slug: string, intent: string, reason = "against the rules") {
  return callRoute(moderateRoute.action, {
    path: `/cases/${slug}/moderate`,
    params: { slug },
    cookie: who?.cookie,
    form: { intent, reason },
  });
}

const ROLES: Role[] = ["moderator", "ministry", "admin"];
let staff: Record<Role, Who>;

beforeAll(async () => {
  base = await createTestBase();
  staff = {
    member: await person("member"),
    moderator: await person("moderator"),
    ministry: await person("ministry"),
    admin: await person("admin"),
  };
});

beforeEach(async () => {
  await prisma.siteSetting.deleteMany({ where: { key: FIRST_POSTS_SETTING } });
});

describe("reporting", () => {
  it("anonymous visitors are sent to log in; members report once per item; authors cannot report their own", async () => {
    const author = await person();
    const reader = await person();
    const c = await publishAs(author);
    const anon = await report(null, "case", c.id);
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/login/);

    const own = await report(author, "case", c.id);
    expect(own.status).toBe(403);

    const first = await report(reader, "case", c.id);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toContain("done=1");
    const again = await report(reader, "case", c.id, { reason: "offensive" });
    expect(again.status).toBe(409);
    expect(await prisma.report.count({ where: { targetId: c.id } })).toBe(1);

    // Every staff role may report too (create:report:own is in every role).
    for (const role of ROLES) expect((await report(staff[role], "case", c.id)).status).toBe(302);
  });

  it("refuses a reason outside the list, an over-long note and an unknown item (4xx, not 500)", async () => {
    const author = await person();
    const reader = await person();
    const c = await publishAs(author);
    expect((await report(reader, "case", c.id, { reason: "boring" })).status).toBe(400);
    expect((await report(reader, "case", c.id, { note: "x".repeat(1001) })).status).toBe(400);
    expect((await report(reader, "case", "nosuchcase")).status).toBe(404);
    expect((await report(reader, "thing", c.id)).status).toBe(400);
  });

  it("a comment can be reported; the report page says when the member already reported it", async () => {
    const author = await person();
    const reader = await person();
    const c = await publishAs(author);
    const m = await commentAs(author, c.id);
    expect((await report(reader, "comment", m.id, { reason: "privacy" })).status).toBe(302);
    const page = await callRoute(reportRoute.loader, {
      path: `/report?type=comment&id=${m.id}`,
      cookie: reader.cookie,
    });
    expect(page.status).toBe(200);
    expect(page.data.alreadyReported).toBe(true);
  });
});

describe("the queue", () => {
  it("only moderators, ministry staff and admins open it", async () => {
    expect((await callRoute(queueRoute.loader, { path: "/moderation" })).status).toBe(302);
    const member = await person();
    expect((await callRoute(queueRoute.loader, { path: "/moderation", cookie: member.cookie })).status).toBe(403);
    for (const role of ROLES) {
      const res = await callRoute(queueRoute.loader, { path: "/moderation", cookie: staff[role].cookie });
      expect(res.status, role).toBe(200);
    }
  });

  it("filters by status, type and reason", async () => {
    const author = await person();
    const reader = await person();
    const c = await publishAs(author);
    const m = await commentAs(author, c.id);
    await report(reader, "case", c.id, { reason: "misinformation" });
    await report(reader, "comment", m.id, { reason: "offensive" });
    const load = (q: string) =>
      callRoute(queueRoute.loader, { path: `/moderation?${q}`, cookie: staff.moderator.cookie }).then(
        (r) => r.data.items.map((i: { key: string }) => i.key) as string[],
      );
    const comments = await load("type=comment&status=open");
    expect(comments).toContain(`comment:${m.id}`);
    expect(comments).not.toContain(`case:${c.id}`);
    const misinformation = await load("reason=misinformation");
    expect(misinformation).toContain(`case:${c.id}`);
    expect(misinformation).not.toContain(`comment:${m.id}`);
  });

  it("members and anonymous visitors cannot act on it", async () => {
    const author = await person();
    const c = await publishAs(author);
    const form = { item: [`case:${c.id}`], action: "hide", reason: "spam" };
    expect((await queueAction(null, form)).status).toBe(302);
    expect((await queueAction(author, form)).status).toBe(403);
    expect((await prisma.caseStudy.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("published");
  });

  for (const role of ["moderator", "ministry", "admin"] as const) {
    it(`${role}: hides a reported comment and a case in one bulk action; the authors are told why; audited`, async () => {
      const author = await person("member", { locale: "en" });
      const reader = await person();
      const c = await publishAs(author, `Bulk ${role}`);
      const m = await commentAs(author, c.id);
      await report(reader, "case", c.id);
      await report(reader, "comment", m.id);
      const res = await queueAction(staff[role], {
        item: [`case:${c.id}`, `comment:${m.id}`],
        action: "hide",
        reason: "Advertising is not allowed",
        back: "status=open",
      });
      expect(res.status, JSON.stringify(res.data)).toBe(302);
      expect(res.headers.get("location")).toContain("done=2");
      expect((await prisma.caseStudy.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("hidden");
      expect((await prisma.comment.findUniqueOrThrow({ where: { id: m.id } })).hiddenAt).not.toBeNull();
      const reports = await prisma.report.findMany({ where: { targetId: { in: [c.id, m.id] } } });
      expect(reports.every((r) => r.status === "actioned" && r.resolution === "hide" && r.openKey === null)).toBe(true);
      const notes = await prisma.notification.findMany({ where: { userId: author.id }, orderBy: { createdAt: "asc" } });
      expect(notes.map((n) => n.type)).toEqual(
        expect.arrayContaining(["moderation.caseHidden", "moderation.commentHidden"]),
      );
      expect(notes.find((n) => n.type === "moderation.caseHidden")!.targetKey).toBe(`case:${c.id}`);
      const mails = await prisma.job.findMany({ where: { kind: "mail", payload: { contains: author.email } } });
      const subjects = mails.map((j) => JSON.parse(j.payload).subject as string);
      // In the author's language (en), with the reason.
      expect(subjects).toContain(`Your case “Bulk ${role}” was hidden`);
      expect(mails.some((j) => JSON.parse(j.payload).text.includes("Advertising is not allowed"))).toBe(true);
      const audit = await prisma.auditLog.findMany({ where: { targetId: { in: [c.id, m.id] } } });
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(["case.hide", "comment.hide", "report.resolve"]),
      );
      expect(audit.every((a) => a.actorId === staff[role].id)).toBe(true);
    });
  }

  it("every action but dismissing needs a reason", async () => {
    const author = await person();
    const c = await publishAs(author);
    const res = await queueAction(staff.moderator, { item: [`case:${c.id}`], action: "warn", reason: "" });
    expect(res.status).toBe(400);
    const ok = await queueAction(staff.moderator, { item: [`case:${c.id}`], action: "dismiss" });
    expect(ok.status).toBe(302);
  });

  it("dismiss closes the reports and lets the member report again; warn tells the author and is audited", async () => {
    const author = await person();
    const reader = await person();
    const c = await publishAs(author);
    await report(reader, "case", c.id);
    await queueAction(staff.moderator, { item: [`case:${c.id}`], action: "dismiss" });
    const r = await prisma.report.findFirstOrThrow({ where: { targetId: c.id } });
    expect([r.status, r.resolution, r.openKey]).toEqual(["dismissed", "dismiss", null]);
    expect((await report(reader, "case", c.id)).status).toBe(302);

    await queueAction(staff.moderator, { item: [`case:${c.id}`], action: "warn", reason: "Cite your sources" });
    expect(await prisma.notification.count({ where: { userId: author.id, type: "moderation.warned" } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { action: "user.warn", targetId: author.id } })).toBe(1);
  });

  it("delete removes the comment and tells its author", async () => {
    const author = await person();
    const c = await publishAs(author);
    const m = await commentAs(author, c.id);
    await queueAction(staff.ministry, { item: [`comment:${m.id}`], action: "delete", reason: "Personal data" });
    expect((await prisma.comment.findUniqueOrThrow({ where: { id: m.id } })).deletedAt).not.toBeNull();
    expect(await prisma.notification.count({ where: { userId: author.id, type: "moderation.commentDeleted" } })).toBe(
      1,
    );
  });

  it("suspend: a moderator suspends a member author but not a staff author; an admin may; nobody themselves", async () => {
    const member = await person();
    const c = await publishAs(member);
    const res = await queueAction(staff.moderator, { item: [`case:${c.id}`], action: "suspend", reason: "Spam" });
    expect(res.headers.get("location")).toContain("done=1");
    const u = await prisma.user.findUniqueOrThrow({ where: { id: member.id } });
    expect(u.suspendedAt).not.toBeNull();
    expect(await prisma.session.count({ where: { userId: member.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { action: "user.suspend", targetId: member.id } })).toBe(1);

    const otherModerator = await person("moderator");
    const staffCase = await publishAs(otherModerator);
    const refused = await queueAction(staff.moderator, {
      item: [`case:${staffCase.id}`],
      action: "suspend",
      reason: "Spam",
    });
    expect(refused.headers.get("location")).toContain("done=0");
    expect(refused.headers.get("location")).toContain("failed=staff");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: otherModerator.id } })).suspendedAt).toBeNull();

    const byAdmin = await queueAction(staff.admin, {
      item: [`case:${staffCase.id}`],
      action: "suspend",
      reason: "Spam",
    });
    expect(byAdmin.headers.get("location")).toContain("done=1");

    const ownCase = await publishAs(staff.ministry);
    const self = await queueAction(staff.ministry, { item: [`case:${ownCase.id}`], action: "suspend", reason: "x" });
    expect(self.headers.get("location")).toContain("failed=self");
  });

  it("the history of an item lists its reports and the actions on it (staff only)", async () => {
    const author = await person();
    const reader = await person();
    const c = await publishAs(author);
    await report(reader, "case", c.id, { reason: "offensive", note: "rude words" });
    await queueAction(staff.moderator, { item: [`case:${c.id}`], action: "hide", reason: "Rude" });
    const path = `/moderation/history?item=case:${c.id}`;
    expect((await callRoute(historyRoute.loader, { path, cookie: reader.cookie })).status).toBe(403);
    const res = await callRoute(historyRoute.loader, { path, cookie: staff.moderator.cookie });
    expect(res.status).toBe(200);
    expect(res.data.reports[0]).toMatchObject({ reason: "offensive", note: "rude words", status: "actioned" });
    expect(res.data.audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(["case.hide", "report.resolve"]),
    );
  });
});

describe("hide and lock from the case page", () => {
  it("anonymous, members and the author cannot; moderator, ministry and admin can, with a reason", async () => {
    const author = await person();
    const other = await person();
    const c = await publishAs(author);
    expect((await moderate(null, c.slug, "hide")).status).toBe(302);
    expect((await moderate(other, c.slug, "hide")).status).toBe(403);
    expect((await moderate(author, c.slug, "hide")).status).toBe(403);
    expect((await moderate(staff.moderator, c.slug, "hide", "")).status).toBe(400);
    for (const [i, role] of ROLES.entries()) {
      const res = await moderate(staff[role], c.slug, i % 2 === 0 ? "hide" : "unhide", `round ${i}`);
      expect(res.status, role).toBe(302);
    }
    // hide, unhide, hide: hidden now; three audit rows; the author told each time.
    expect((await prisma.caseStudy.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("hidden");
    expect(
      await prisma.auditLog.count({ where: { targetId: c.id, action: { in: ["case.hide", "case.unhide"] } } }),
    ).toBe(3);
    expect(
      await prisma.notification.count({ where: { userId: author.id, type: { startsWith: "moderation.case" } } }),
    ).toBe(3);
  });

  it("a locked thread refuses new comments on the server, tells the author, and opens again", async () => {
    const author = await person();
    const commenter = await person();
    const c = await publishAs(author);
    expect((await moderate(staff.moderator, c.slug, "lock", "Heated argument")).status).toBe(302);
    const post = await callRoute(pageRoute.action, {
      path: `/cases/${c.slug}`,
      params: { slug: c.slug },
      cookie: commenter.cookie,
      form: { intent: "comment", text: "one more thing" },
    });
    expect(post.status).toBe(403);
    expect(await prisma.comment.count({ where: { caseId: c.id } })).toBe(0);
    const page = await callRoute(pageRoute.loader, { path: `/cases/${c.slug}`, params: { slug: c.slug } });
    expect(page.data.case.lockedReason).toBe("Heated argument");
    expect(await prisma.notification.count({ where: { userId: author.id, type: "moderation.threadLocked" } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { targetId: c.id, action: "case.lock" } })).toBe(1);
    // Locking twice is refused (stale), not a second audit row.
    expect((await moderate(staff.admin, c.slug, "lock")).status).toBe(409);
    expect((await moderate(staff.ministry, c.slug, "unlock", "Calmer now")).status).toBe(302);
    const again = await callRoute(pageRoute.action, {
      path: `/cases/${c.slug}`,
      params: { slug: c.slug },
      cookie: commenter.cookie,
      form: { intent: "comment", text: "one more thing" },
    });
    expect(again.status).toBe(302);
  });
});

describe("acting on a reported item from its page closes its reports", () => {
  it("hiding a reported case from the case page closes its open reports as hidden (not left to dismiss)", async () => {
    const author = await person();
    const reader = await person();
    const c = await publishAs(author);
    await report(reader, "case", c.id, { reason: "misinformation" });
    expect((await moderate(staff.moderator, c.slug, "hide", "Unsourced numbers")).status).toBe(302);
    const r = await prisma.report.findFirstOrThrow({ where: { targetId: c.id } });
    expect([r.status, r.resolution, r.openKey, r.resolvedById]).toEqual(["actioned", "hide", null, staff.moderator.id]);
    const queue = await callRoute(queueRoute.loader, { path: "/moderation", cookie: staff.moderator.cookie });
    expect(queue.data.items.map((i: { key: string }) => i.key)).not.toContain(`case:${c.id}`);
    // Unhiding does not reopen anything; the reader may report it again.
    expect((await moderate(staff.moderator, c.slug, "unhide", "Sources added")).status).toBe(302);
    expect((await report(reader, "case", c.id)).status).toBe(302);
  });

  it("hiding a reported comment from its thread tells the author why and closes its reports", async () => {
    const author = await person();
    const writer = await person();
    const reader = await person();
    const c = await publishAs(author);
    const m = await commentAs(writer, c.id);
    await report(reader, "comment", m.id);
    const hide = (who: Who, intent: "hide" | "unhide", reason?: string) =>
      callRoute(pageRoute.action, {
        path: `/cases/${c.slug}`,
        params: { slug: c.slug },
        cookie: who.cookie,
        form: { intent, commentId: m.id, ...(reason ? { reason } : {}) },
      });
    expect((await hide(reader, "hide", "no")).status).toBe(403);
    expect((await hide(staff.moderator, "hide", "Advertising")).status).toBe(302);
    const r = await prisma.report.findFirstOrThrow({ where: { targetId: m.id } });
    expect([r.status, r.resolution]).toEqual(["actioned", "hide"]);
    const told = await prisma.notification.findMany({ where: { userId: writer.id, type: "moderation.commentHidden" } });
    expect(told).toHaveLength(1);
    expect(await prisma.job.count({ where: { kind: "mail", payload: { contains: writer.email } } })).toBe(1);
    // Unhiding tells nobody and closes nothing more.
    expect((await hide(staff.moderator, "unhide")).status).toBe(302);
    expect((await prisma.comment.findUniqueOrThrow({ where: { id: m.id } })).hiddenAt).toBeNull();
    expect(await prisma.notification.count({ where: { userId: writer.id, type: "moderation.commentHidden" } })).toBe(1);
  });

  it("an item's history shows the warning and the suspension of its author", async () => {
    const author = await person();
    const reader = await person();
    const c = await publishAs(author);
    await report(reader, "case", c.id);
    await queueAction(staff.moderator, { item: [`case:${c.id}`], action: "warn", reason: "Cite your sources" });
    await report(reader, "case", c.id);
    await queueAction(staff.moderator, { item: [`case:${c.id}`], action: "suspend", reason: "Again" });
    // Another item's warning of the same author is not this item's history.
    const other = await publishAs(author);
    await report(reader, "case", other.id);
    await queueAction(staff.admin, { item: [`case:${other.id}`], action: "warn", reason: "Elsewhere" });
    const res = await callRoute(historyRoute.loader, {
      path: `/moderation/history?item=case:${c.id}`,
      cookie: staff.moderator.cookie,
    });
    const actions = res.data.audit.map((a: { action: string; reason: string | null }) => [a.action, a.reason]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ["user.warn", "Cite your sources"],
        ["user.suspend", "Again"],
      ]),
    );
    expect(actions).not.toContainEqual(["user.warn", "Elsewhere"]);
  });
});

describe("first-post approval", () => {
  it("with N = 2, a member's first two posts wait; others see nothing and nobody is notified until approved", async () => {
    await prisma.siteSetting.create({ data: { key: FIRST_POSTS_SETTING, value: "2" } });
    const veteran = await person("moderator");
    const c = await publishAs(veteran);
    const newcomer = await person();
    const first = await commentAs(newcomer, c.id, "first words");
    expect(first.pending).toBe(true);
    const page = await callRoute(pageRoute.loader, { path: `/cases/${c.slug}`, params: { slug: c.slug } });
    expect(JSON.stringify(page.data.discussion.threads)).not.toContain(first.id);
    expect(page.data.case.commentCount).toBe(0);
    expect(await prisma.notification.count({ where: { userId: veteran.id, type: { startsWith: "comment." } } })).toBe(
      0,
    );

    // A member may not approve, nor the author; a moderator does.
    const decide = (who: Who, intent: string, item: string, reason = "") =>
      callRoute(approvalsRoute.action, {
        path: "/moderation/approvals",
        cookie: who.cookie,
        form: { intent, item, reason },
      });
    expect((await decide(newcomer, "approve", `comment:${first.id}`)).status).toBe(403);
    expect((await decide(staff.member, "approve", `comment:${first.id}`)).status).toBe(403);
    const list = await callRoute(approvalsRoute.loader, {
      path: "/moderation/approvals",
      cookie: staff.ministry.cookie,
    });
    expect(list.data.items.map((i: { key: string }) => i.key)).toContain(`comment:${first.id}`);
    expect((await decide(staff.moderator, "approve", `comment:${first.id}`)).status).toBe(302);
    const after = await callRoute(pageRoute.loader, { path: `/cases/${c.slug}`, params: { slug: c.slug } });
    expect(JSON.stringify(after.data.discussion.threads)).toContain(first.id);
    expect(await prisma.notification.count({ where: { userId: veteran.id, type: "comment.onYourCase" } })).toBe(1);
    expect(await prisma.notification.count({ where: { userId: newcomer.id, type: "moderation.postApproved" } })).toBe(
      1,
    );

    // The second waits too; rejecting needs a reason and keeps it out for good.
    const second = await commentAs(newcomer, c.id, "second words");
    expect(second.pending).toBe(true);
    expect((await decide(staff.admin, "reject", `comment:${second.id}`)).status).toBe(400);
    expect((await decide(staff.admin, "reject", `comment:${second.id}`, "Off topic")).status).toBe(302);
    expect(await prisma.auditLog.count({ where: { targetId: second.id, action: "post.reject" } })).toBe(1);

    // After two approved... only one was approved: the third still waits; then a fourth after approval is public.
    const third = await commentAs(newcomer, c.id, "third words");
    expect(third.pending).toBe(true);
    await decide(staff.moderator, "approve", `comment:${third.id}`);
    const fourth = await commentAs(newcomer, c.id, "fourth words");
    expect(fourth.pending).toBe(false);
  });

  it("a new member's first case waits as pending (404 for others) until approved; staff never wait", async () => {
    await prisma.siteSetting.create({ data: { key: FIRST_POSTS_SETTING, value: "1" } });
    const newcomer = await person();
    const c = await publishAs(newcomer);
    expect(c.pending).toBe(true);
    const anon = await callRoute(pageRoute.loader, { path: `/cases/${c.slug}`, params: { slug: c.slug } });
    expect(anon.status).toBe(404);
    const own = await callRoute(pageRoute.loader, {
      path: `/cases/${c.slug}`,
      params: { slug: c.slug },
      cookie: newcomer.cookie,
    });
    expect(own.status).toBe(200);
    expect(own.data.case.status).toBe("pending");
    const res = await callRoute(approvalsRoute.action, {
      path: "/moderation/approvals",
      cookie: staff.moderator.cookie,
      form: { intent: "approve", item: `case:${c.id}` },
    });
    expect(res.status).toBe(302);
    expect((await callRoute(pageRoute.loader, { path: `/cases/${c.slug}`, params: { slug: c.slug } })).status).toBe(
      200,
    );
    const staffCase = await publishAs(await person("moderator"));
    expect(staffCase.pending).toBe(false);
  });

  it("only an admin changes the setting; it is audited", async () => {
    const set = (who: Who, firstPosts: string) =>
      callRoute(approvalsRoute.action, {
        path: "/moderation/approvals",
        cookie: who.cookie,
        form: { intent: "setting", firstPosts },
      });
    expect((await set(staff.moderator, "3")).status).toBe(403);
    expect((await set(staff.admin, "30")).status).toBe(400);
    expect((await set(staff.admin, "3")).status).toBe(302);
    expect((await prisma.siteSetting.findUniqueOrThrow({ where: { key: FIRST_POSTS_SETTING } })).value).toBe("3");
    expect(
      await prisma.auditLog.count({ where: { action: "settings.firstPostsApproval", actorId: staff.admin.id } }),
    ).toBe(1);
  });
});
