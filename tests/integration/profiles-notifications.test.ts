// Profiles (position, introduction, the member's comments, private bookmarks) and
// notification settings: stored from /settings, honoured when notifications are
// written and by the mail job's frequencies (issue 12 point 14).
import { beforeAll, describe, expect, it } from "vitest";
import * as profilePage from "~/routes/u.$username/route.tsx";
import * as profileEdit from "~/routes/u.$username_.edit/route.tsx";
import * as settings from "~/routes/settings/route.tsx";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { notify } from "~/models/notification.server.ts";
import { parseNotificationSettings } from "~/models/notification-settings.ts";
import { runNotificationDigests } from "~/jobs/notification-mail.server.ts";
import { dbReady, prisma } from "~/utils/db.server.ts";
import { callRoute } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

let adminActor: { id: string; role: "admin"; baseId: null; baseVerified: boolean; emailVerified: boolean };
let baseId = "";

async function publish(title: string) {
  const content = { ...emptyContent(), title, summary: `${title} summary`, baseId, topics: [] };
  const draft = await createDraft(adminActor.id, `key-${title}`, content);
  await publishCase(draft.id, adminActor, content, { expectedVersion: draft.draftVersion });
  return prisma.caseStudy.findUniqueOrThrow({ where: { id: draft.id }, select: { id: true, slug: true } });
}

beforeAll(async () => {
  await dbReady();
  const a = await createTestUser({ role: "admin" });
  adminActor = { id: a.id, role: "admin", baseId: null, baseVerified: false, emailVerified: true };
  baseId = (await createTestBase()).id;
});

describe("profile fields", () => {
  it("the owner sets position and introduction; others are refused; an admin's change is audited", async () => {
    const owner = await createTestUser({ displayName: "Profile Owner" });
    const params = { username: owner.username };
    const path = `/u/${owner.username}/edit`;
    const form = { displayName: "Profile Owner", title: "  基地办公室主任 ", bio: "第一行\n第二行\u202e" };

    expect((await callRoute(profileEdit.action, { path, params, form })).status).toBe(302);
    const other = await cookieFor((await createTestUser()).id);
    expect((await callRoute(profileEdit.action, { path, params, cookie: other, form })).status).toBe(403);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).title).toBe("");

    const mine = await callRoute(profileEdit.action, { path, params, cookie: await cookieFor(owner.id), form });
    expect(mine.status).toBe(302);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(row.title).toBe("基地办公室主任");
    expect(row.bio).toBe("第一行\n第二行");

    const tooLong = await callRoute(profileEdit.action, {
      path,
      params,
      cookie: await cookieFor(owner.id),
      form: { ...form, bio: "长".repeat(1001) },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.data.result.error.bio).toEqual(["profile:edit.errors.bioTooLong"]);

    const byAdmin = await callRoute(profileEdit.action, {
      path,
      params,
      cookie: await cookieFor(adminActor.id),
      form: { ...form, bio: "管理员修改" },
    });
    expect(byAdmin.status).toBe(302);
    expect(await prisma.auditLog.count({ where: { action: "user.profile", targetId: owner.id } })).toBe(1);

    const page = await callRoute(profilePage.loader, { path: `/u/${owner.username}`, params });
    expect(page.data.profile).toMatchObject({ title: "基地办公室主任", bio: "管理员修改" });
  });
});

describe("profile lists", () => {
  it("shows the member's visible comments a page at a time; past the end goes to the last page", async () => {
    const m = await createTestUser();
    const c = await publish("Profile comments case");
    for (let i = 0; i < 12; i++) {
      await prisma.comment.create({
        data: {
          caseId: c.id,
          authorId: m.id,
          body: "{}",
          bodyText: `评论 ${i}`,
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
        },
      });
    }
    await prisma.comment.create({
      data: { caseId: c.id, authorId: m.id, body: "{}", bodyText: "隐藏的", hiddenAt: new Date() },
    });
    const params = { username: m.username };
    const first = await callRoute(profilePage.loader, { path: `/u/${m.username}`, params });
    expect(first.data.comments.total).toBe(12);
    expect(first.data.comments.pages).toBe(2);
    expect(first.data.comments.comments).toHaveLength(10);
    expect(first.data.comments.comments[0].excerpt).toBe("评论 11");
    const second = await callRoute(profilePage.loader, { path: `/u/${m.username}?comments=2`, params });
    expect(second.data.comments.comments.map((x: { excerpt: string }) => x.excerpt)).toEqual(["评论 1", "评论 0"]);
    const past = await callRoute(profilePage.loader, { path: `/u/${m.username}?comments=9`, params });
    expect(past.status).toBe(302);
    expect(past.headers.get("location")).toBe(`/u/${m.username}?comments=2`);
    const bad = await callRoute(profilePage.loader, { path: `/u/${m.username}?comments=x`, params });
    expect(bad.status).toBe(404);
  });

  it("lists bookmarks to their owner only", async () => {
    const m = await createTestUser();
    const c = await publish("Profile bookmark case");
    await prisma.bookmark.create({ data: { userId: m.id, caseId: c.id } });
    const params = { username: m.username };
    const path = `/u/${m.username}`;
    const own = await callRoute(profilePage.loader, { path, params, cookie: await cookieFor(m.id) });
    expect(own.data.bookmarks.cases.map((x: { slug: string }) => x.slug)).toEqual([c.slug]);
    const other = await callRoute(profilePage.loader, { path, params, cookie: await cookieFor(adminActor.id) });
    expect(other.data.bookmarks).toBeNull();
    expect((await callRoute(profilePage.loader, { path, params })).data.bookmarks).toBeNull();
  });
});

describe("notification settings", () => {
  function save(cookie: string | undefined, form: Record<string, string>) {
    return callRoute(settings.action, { path: "/settings", cookie, form: { intent: "notifications", ...form } });
  }

  it("are saved for the signed-in member only", async () => {
    const m = await createTestUser();
    expect((await save(undefined, { follows: "off" })).status).toBe(302);
    const res = await save(await cookieFor(m.id), {
      emailNotifications: "on",
      replies: "email",
      mentions: "site",
      follows: "off",
      decisions: "email",
      frequency: "daily",
    });
    expect(res.status).toBe(200);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: m.id } });
    expect(parseNotificationSettings(row.notificationSettings)).toEqual({
      delivery: { replies: "email", mentions: "site", follows: "off", decisions: "email" },
      frequency: "daily",
    });
    const bad = await save(await cookieFor(m.id), { follows: "loud" });
    expect(bad.status).toBe(400);
  });

  it("a kind turned off is not written at all; a kind kept to the site is not mailed", async () => {
    const m = await createTestUser();
    await save(await cookieFor(m.id), { emailNotifications: "on", follows: "off", mentions: "site" });
    await prisma.$transaction(async (tx) => {
      await notify(tx, m.id, "comment.followed", { title: "t" });
      await notify(tx, m.id, "comment.mention", { title: "t" });
    });
    const rows = await prisma.notification.findMany({ where: { userId: m.id }, select: { type: true } });
    expect(rows.map((r) => r.type)).toEqual(["comment.mention"]);
    await prisma.job.deleteMany();
    await runNotificationDigests({ now: new Date(Date.now() + 1000) });
    expect(await prisma.job.count({ where: { kind: "mail", payload: { contains: m.email } } })).toBe(0);
    // Marked done, so it is not looked at again.
    expect(await prisma.notification.count({ where: { userId: m.id, mailedAt: null } })).toBe(0);
  });

  it("daily and weekly members get one collected mail when their period has passed, not every batch", async () => {
    const daily = await createTestUser();
    const weekly = await createTestUser();
    const batch = await createTestUser();
    await save(await cookieFor(daily.id), { emailNotifications: "on", frequency: "daily" });
    await save(await cookieFor(weekly.id), { emailNotifications: "on", frequency: "weekly" });
    const t0 = new Date(Date.now() + 1000);
    const lastMail = new Date(t0.getTime() - 2 * 3600_000); // two hours ago: past the 60-minute batch interval
    await prisma.user.updateMany({
      where: { id: { in: [daily.id, weekly.id, batch.id] } },
      data: { lastNotificationMailAt: lastMail },
    });
    for (const u of [daily, weekly, batch]) {
      await prisma.$transaction((tx) => notify(tx, u.id, "comment.reply", { title: "t" }));
    }
    const mailsTo = (email: string) => prisma.job.count({ where: { kind: "mail", payload: { contains: email } } });
    await prisma.job.deleteMany();
    await runNotificationDigests({ now: t0 });
    expect([await mailsTo(batch.email), await mailsTo(daily.email), await mailsTo(weekly.email)]).toEqual([1, 0, 0]);

    const nextDay = new Date(lastMail.getTime() + 24 * 3600_000 + 1000);
    await runNotificationDigests({ now: nextDay });
    expect([await mailsTo(daily.email), await mailsTo(weekly.email)]).toEqual([1, 0]);

    const nextWeek = new Date(lastMail.getTime() + 7 * 24 * 3600_000 + 1000);
    await runNotificationDigests({ now: nextWeek });
    expect([await mailsTo(daily.email), await mailsTo(weekly.email)]).toEqual([1, 1]);
  });
});
