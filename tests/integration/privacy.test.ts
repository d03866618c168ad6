// PIPL: a member's data export (zip content), account deletion and its effects,
// the configurable footer (/admin/site, per role), the default pages in both
// languages (issue 12 point 15).
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import * as exportRoute from "~/routes/settings_.export/route.tsx";
import * as deleteRoute from "~/routes/settings_.delete/route.tsx";
import * as adminSite from "~/routes/admin.site/route.tsx";
import * as casePage from "~/routes/cases.$slug/route.tsx";
import * as profilePage from "~/routes/u.$username/route.tsx";
import * as rootRoute from "~/root.tsx";
import * as aboutPage from "~/routes/about/route.tsx";
import * as privacyPage from "~/routes/privacy/route.tsx";
import * as termsPage from "~/routes/terms/route.tsx";
import * as contactPage from "~/routes/contact/route.tsx";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { checkLogin, createUser } from "~/models/user.server.ts";
import { dbReady, prisma } from "~/utils/db.server.ts";
import { callRoute } from "../helpers/route.ts";
import { putStored } from "../helpers/stored-files.ts";
import { createTestBase } from "../helpers/bases.ts";
import { TEST_PASSWORD, cookieFor, createTestUser, freshIp } from "../helpers/users.ts";

let adminActor: { id: string; role: "admin"; baseId: null; baseVerified: boolean; emailVerified: boolean };
let baseId = "";

async function publish(title: string, authorId?: string) {
  const content = { ...emptyContent(), title, summary: `${title} summary`, baseId, topics: [] };
  const draft = await createDraft(adminActor.id, `key-${title}`, content);
  await publishCase(draft.id, adminActor, content, { expectedVersion: draft.draftVersion });
  // Publishing needs a verified base: the admin publishes, then the case is handed to its author.
  if (authorId) await prisma.caseStudy.update({ where: { id: draft.id }, data: { authorId } });
  return prisma.caseStudy.findUniqueOrThrow({ where: { id: draft.id }, select: { id: true, slug: true } });
}

const IMAGE = `${"ab".repeat(32)}.webp`;
const doc = (text: string, image?: string) =>
  JSON.stringify({
    type: "doc",
    content: [
      { type: "paragraph", content: [{ type: "text", text }] },
      ...(image ? [{ type: "image", attrs: { src: `/resources/uploads/${image}` } }] : []),
    ],
  });

beforeAll(async () => {
  await dbReady();
  const a = await createTestUser({ role: "admin" });
  adminActor = { id: a.id, role: "admin", baseId: null, baseVerified: false, emailVerified: true };
  baseId = (await createTestBase()).id;
});

describe("data export", () => {
  it("refuses visitors", async () => {
    const res = await callRoute(exportRoute.action, { path: "/settings/export", form: {} });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });

  it("gives the member a zip of their own data and uploads, and nothing of anyone else's", async () => {
    const m = await createTestUser({ displayName: "Export Member" });
    const other = await createTestUser({ displayName: "Someone Else" });
    await prisma.user.update({ where: { id: m.id }, data: { title: "主任", bio: "简介" } });
    const c = await publish("Export case");
    await prisma.comment.create({
      data: { caseId: c.id, authorId: m.id, body: doc("我的评论", IMAGE), bodyText: "我的评论" },
    });
    await prisma.comment.create({
      data: { caseId: c.id, authorId: other.id, body: doc("别人的评论"), bodyText: "别人的评论" },
    });
    await prisma.bookmark.create({ data: { userId: m.id, caseId: c.id } });
    await putStored("uploads", IMAGE, Buffer.from("RIFF....WEBPfake"));

    const res = await fetchZip(await cookieFor(m.id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="bee-data-.+\.zip"$/);
    const files = unzipSync(res.body);
    const read = (name: string) => JSON.parse(strFromU8(files[name]!)) as any;
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(["README.txt", "account.json", "comments.json", "bookmarks.json", `uploads/${IMAGE}`]),
    );
    expect(read("account.json")).toMatchObject({ email: m.email, username: m.username, title: "主任", bio: "简介" });
    expect(read("account.json").passwordHash).toBeUndefined();
    const comments = read("comments.json");
    expect(comments.map((x: { bodyText: string }) => x.bodyText)).toEqual(["我的评论"]);
    expect(read("bookmarks.json")).toHaveLength(1);
    expect(strFromU8(files[`uploads/${IMAGE}`]!)).toBe("RIFF....WEBPfake");
    expect(read("uploads.json")).toEqual([{ file: IMAGE, included: true }]);
  });
});

async function fetchZip(cookie: string) {
  // callRoute would decode the body as text; the zip needs its bytes.
  const { buildLoadContext } = await import("~/utils/context.server.ts");
  const url = "http://127.0.0.1:3000/settings/export";
  const { context } = await buildLoadContext({
    url,
    cookie,
    acceptLanguage: null,
    secure: false,
    clientIp: "127.0.0.1",
    cspNonce: "t",
    requestId: "t",
  });
  const request = new Request(url, { method: "POST", body: new FormData(), headers: { cookie } });
  const response = (await exportRoute.action({ request, context, params: {} })) as Response;
  return { status: response.status, headers: response.headers, body: new Uint8Array(await response.arrayBuffer()) };
}

describe("account deletion", () => {
  function del(cookie: string | undefined, password: string | undefined) {
    return callRoute(deleteRoute.action, {
      path: "/settings/delete",
      cookie,
      form: password === undefined ? {} : { password },
      headers: { "x-test-ip": freshIp() },
    });
  }

  it("refuses visitors and a wrong or missing password, changing nothing", async () => {
    const m = await createTestUser();
    expect((await del(undefined, TEST_PASSWORD)).status).toBe(302);
    const cookie = await cookieFor(m.id);
    const missing = await del(cookie, undefined);
    expect(missing.status).toBe(400);
    expect(missing.data.result.error.password).toEqual(["privacy:delete.errors.passwordRequired"]);
    const wrong = await del(cookie, "not-the-password");
    expect(wrong.status).toBe(400);
    expect(wrong.data.result.error.password).toEqual(["privacy:delete.errors.wrongPassword"]);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: m.id } });
    expect(row.deletedAt).toBeNull();
    expect(row.email).toBe(m.email);
  });

  it("erases personal fields, revokes sessions, frees the email, keeps comments as by a deleted member, audits", async () => {
    const m = await createTestUser({ displayName: "Leaving Member" });
    await prisma.user.update({ where: { id: m.id }, data: { title: "主任", bio: "简介", locale: "en" } });
    const c = await publish("Deletion case");
    const own = await publish("Deletion own case", m.id);
    const comment = await prisma.comment.create({
      data: { caseId: c.id, authorId: m.id, body: doc("留下的评论"), bodyText: "留下的评论" },
    });
    const draft = await createDraft(m.id, "key-deletion-draft", { ...emptyContent(), title: "Never published" });
    await prisma.bookmark.create({ data: { userId: m.id, caseId: c.id } });
    await prisma.subscription.create({ data: { userId: m.id, targetType: "case", targetId: c.id } });
    await prisma.notification.create({ data: { userId: m.id, type: "comment.reply", data: "{}" } });
    const cookie = await cookieFor(m.id);
    await cookieFor(m.id); // a second device
    expect(await prisma.session.count({ where: { userId: m.id } })).toBe(2);

    const res = await del(cookie, TEST_PASSWORD);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/settings/delete?done=1");
    expect(res.sessionToken).toBe("");

    const row = await prisma.user.findUniqueOrThrow({ where: { id: m.id } });
    expect(row.deletedAt).not.toBeNull();
    expect(row.email).not.toContain(m.email);
    expect(row.username).toBe(`~${m.id}`);
    expect([row.displayName, row.title, row.bio, row.locale]).toEqual(["", "", "", null]);
    expect(await prisma.session.count({ where: { userId: m.id } })).toBe(0);
    expect(await prisma.bookmark.count({ where: { userId: m.id } })).toBe(0);
    expect(await prisma.subscription.count({ where: { userId: m.id } })).toBe(0);
    expect(await prisma.notification.count({ where: { userId: m.id } })).toBe(0);
    expect(await prisma.caseStudy.count({ where: { id: draft.id } })).toBe(0);
    // Published work stays.
    expect(await prisma.comment.findUnique({ where: { id: comment.id }, select: { bodyText: true } })).toEqual({
      bodyText: "留下的评论",
    });
    expect(await prisma.caseStudy.count({ where: { id: own.id, deletedAt: null } })).toBe(1);
    const audit = await prisma.auditLog.findFirst({ where: { action: "user.delete", targetId: m.id } });
    expect(audit?.actorId).toBe(m.id);
    // Their search documents are refreshed (they carried the name).
    expect(await prisma.searchOutbox.count({ where: { docId: `comment-${comment.id}` } })).toBeGreaterThan(0);

    // The old password and address open nothing; the address and username are free again.
    expect((await checkLogin(m.email, TEST_PASSWORD)).ok).toBe(false);
    expect((await checkLogin(row.username, TEST_PASSWORD)).ok).toBe(false);
    await expect(
      createUser({ email: m.email, username: m.username, displayName: "New", password: TEST_PASSWORD }),
    ).resolves.toHaveProperty("id");

    // Pages: the case shows a deleted member as author, the profile is gone.
    const page = await callRoute(casePage.loader, { path: `/cases/${own.slug}`, params: { slug: own.slug } });
    expect(page.data.case.author).toEqual({ username: `~${m.id}`, displayName: "" });
    const profile = await callRoute(profilePage.loader, { path: `/u/~${m.id}`, params: { username: `~${m.id}` } });
    expect(profile.status).toBe(404);
    const done = await callRoute(deleteRoute.loader, { path: "/settings/delete?done=1" });
    expect(done.data.done).toBe(true);
  });

  it("refuses to delete the last administrator", async () => {
    await prisma.user.updateMany({ where: { role: "admin" }, data: { role: "member" } });
    const admin = await createTestUser({ role: "admin" });
    const res = await del(await cookieFor(admin.id), TEST_PASSWORD);
    expect(res.status).toBe(409);
    expect(res.data.result.error[""]).toEqual(["privacy:delete.errors.lastAdmin"]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).deletedAt).toBeNull();
    await prisma.user.update({ where: { id: adminActor.id }, data: { role: "admin" } });
  });
});

describe("site footer and /admin/site", () => {
  it("refuses visitors and members; an admin saves, audited, and every page's footer shows it", async () => {
    const form = {
      icp: "京ICP备12345678号-1",
      police: "京公网安备11010502012345号",
      contactEmail: "office@example.cn",
    };
    expect((await callRoute(adminSite.loader, { path: "/admin/site" })).status).toBe(302);
    expect((await callRoute(adminSite.action, { path: "/admin/site", form })).status).toBe(302);
    const member = await cookieFor((await createTestUser()).id);
    expect((await callRoute(adminSite.loader, { path: "/admin/site", cookie: member })).status).toBe(403);
    expect((await callRoute(adminSite.action, { path: "/admin/site", cookie: member, form })).status).toBe(403);
    expect(await prisma.siteSetting.count()).toBe(0);

    const admin = await cookieFor(adminActor.id);
    const bad = await callRoute(adminSite.action, {
      path: "/admin/site",
      cookie: admin,
      form: { ...form, privacyUrl: "javascript:alert(1)" },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.result.error.privacyUrl).toEqual(["privacy:admin.errors.badUrl"]);

    const saved = await callRoute(adminSite.action, { path: "/admin/site", cookie: admin, form });
    expect(saved.status).toBe(302);
    expect(await prisma.auditLog.count({ where: { action: "site.footer", actorId: adminActor.id } })).toBe(1);
    const root = await callRoute(rootRoute.loader, { path: "/" });
    expect(root.data.footer).toMatchObject({ ...form, privacyUrl: "/privacy", aboutUrl: "/about" });
    const contact = await callRoute(contactPage.loader, { path: "/contact" });
    expect(contact.data.email).toBe("office@example.cn");
  });

  it("has the default pages in both languages", async () => {
    for (const [route, path] of [
      [aboutPage, "/about"],
      [privacyPage, "/privacy"],
      [termsPage, "/terms"],
      [contactPage, "/contact"],
    ] as const) {
      const zh = await callRoute(route.loader, { path: `${path}?lang=zh-CN` });
      const en = await callRoute(route.loader, { path: `${path}?lang=en` });
      expect(zh.data.meta.title).toMatch(/[\u4e00-\u9fff]/);
      expect(en.data.meta.title).not.toMatch(/[\u4e00-\u9fff]/);
      expect(en.data.meta.title).not.toBe(zh.data.meta.title);
    }
  });
});
