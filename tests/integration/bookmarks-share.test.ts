// Bookmarks (收藏) through /resources/bookmark, their state on the case page and
// in the members' shared render (viewer-state), and the case's share box: the
// permalink and its QR code survive a title change (issue 12 points 13, 16).
import { beforeAll, describe, expect, it } from "vitest";
import * as bookmarkRoute from "~/routes/resources.bookmark/route.tsx";
import * as casePage from "~/routes/cases.$slug/route.tsx";
import * as qrRoute from "~/routes/cases.$slug_.qr[.]png/route.tsx";
import * as viewerStateRoute from "~/routes/resources.viewer-state/route.tsx";
import { createDraft, publishCase, setCaseHidden } from "~/models/case.server.ts";
import { emptyContent } from "~/models/case-content.ts";
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

function post(cookie: string | undefined, form: Record<string, string>) {
  return callRoute(bookmarkRoute.action, { path: "/resources/bookmark", cookie, form });
}

beforeAll(async () => {
  await dbReady();
  const a = await createTestUser({ role: "admin" });
  adminActor = { id: a.id, role: "admin", baseId: null, baseVerified: false, emailVerified: true };
  baseId = (await createTestBase()).id;
});

describe("bookmarks", () => {
  it("refuses visitors: they are sent to log in and nothing is stored", async () => {
    const c = await publish("Bookmark anonymous case");
    const res = await post(undefined, { caseId: c.id, intent: "bookmark", redirectTo: `/cases/${c.slug}` });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(await prisma.bookmark.count({ where: { caseId: c.id } })).toBe(0);
  });

  it("a member bookmarks and unbookmarks, without JavaScript (redirect back) and with it (JSON)", async () => {
    const c = await publish("Bookmark member case");
    const m = await createTestUser();
    const cookie = await cookieFor(m.id);
    const plain = await post(cookie, { caseId: c.id, intent: "bookmark", redirectTo: `/cases/${c.slug}` });
    expect(plain.status).toBe(302);
    expect(plain.headers.get("location")).toBe(`/cases/${c.slug}`);
    expect(await prisma.bookmark.count({ where: { userId: m.id, caseId: c.id } })).toBe(1);
    // Twice is still one.
    await post(cookie, { caseId: c.id, intent: "bookmark" });
    expect(await prisma.bookmark.count({ where: { userId: m.id, caseId: c.id } })).toBe(1);

    const page = await callRoute(casePage.loader, { path: `/cases/${c.slug}`, params: { slug: c.slug }, cookie });
    expect(page.data.bookmarked).toBe(true);

    const js = await post(cookie, { caseId: c.id, intent: "unbookmark", _fetcher: "1" });
    expect(js.status).toBe(200);
    expect(js.data).toEqual({ ok: true, error: null, bookmarked: false });
    expect(await prisma.bookmark.count({ where: { userId: m.id, caseId: c.id } })).toBe(0);
  });

  it("changes only the member's own bookmarks: another member's id in the form is not accepted", async () => {
    const c = await publish("Bookmark own data case");
    const owner = await createTestUser();
    const other = await createTestUser();
    await prisma.bookmark.create({ data: { userId: owner.id, caseId: c.id } });
    const res = await post(await cookieFor(other.id), { caseId: c.id, intent: "unbookmark", userId: owner.id });
    expect(res.status).toBeGreaterThanOrEqual(400);
    await post(await cookieFor(other.id), { caseId: c.id, intent: "unbookmark" });
    expect(await prisma.bookmark.count({ where: { userId: owner.id, caseId: c.id } })).toBe(1);
  });

  it("refuses hidden and unknown cases with 404", async () => {
    const c = await publish("Bookmark hidden case");
    await setCaseHidden(c.id, adminActor, true, "test");
    const cookie = await cookieFor((await createTestUser()).id);
    const hidden = await post(cookie, { caseId: c.id, intent: "bookmark", _fetcher: "1" });
    expect(hidden.status).toBe(404);
    expect(hidden.data.error).toBe("profile:bookmarks.errors.notFound");
    const unknown = await post(cookie, { caseId: "nope", intent: "bookmark" });
    expect(unknown.status).toBe(404);
    expect(await prisma.bookmark.count({ where: { caseId: c.id } })).toBe(0);
  });

  it("in the members' shared render the state comes from viewer-state, not the page", async () => {
    const c = await publish("Bookmark shared render case");
    const m = await createTestUser();
    const cookie = await cookieFor(m.id);
    await prisma.bookmark.create({ data: { userId: m.id, caseId: c.id } });
    const shared = await callRoute(casePage.loader, {
      path: `/cases/${c.slug}`,
      params: { slug: c.slug },
      shared: true,
    });
    expect(shared.data.shared).toBe(true);
    expect(shared.data.bookmarked).toBe(false);
    const state = await callRoute(viewerStateRoute.loader, {
      path: `/resources/viewer-state?page=${encodeURIComponent(`/cases/${c.slug}`)}`,
      cookie,
    });
    expect(state.data.case.bookmarked).toBe(true);
    const anon = await callRoute(viewerStateRoute.loader, {
      path: `/resources/viewer-state?page=${encodeURIComponent(`/cases/${c.slug}`)}`,
    });
    expect(anon.data.case.bookmarked).toBe(false);
  });
});

describe("sharing a case", () => {
  it("shows the permalink and an inline QR code, and serves the PNG for download", async () => {
    const c = await publish("Share QR case");
    const page = await callRoute(casePage.loader, { path: `/cases/${c.slug}`, params: { slug: c.slug } });
    expect(page.data.share.url).toMatch(new RegExp(`/cases/${c.slug}$`));
    expect(page.data.share.qrSvg).toMatch(/^<svg[^>]*viewBox/);
    expect(page.data.share.pngHref).toBe(`/cases/${c.slug}/qr.png`);
    const png = await callRoute(qrRoute.loader, { path: `/cases/${c.slug}/qr.png`, params: { slug: c.slug } });
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("content-disposition")).toBe(`attachment; filename="${c.slug}-qr.png"`);
  });

  it("a permalink printed before a title change still leads to the case, page and QR code alike", async () => {
    const c = await publish("Share before rename");
    const content = { ...emptyContent(), title: "Share after rename", summary: "s", baseId, topics: [] };
    const row = await prisma.caseStudy.findUniqueOrThrow({ where: { id: c.id }, select: { draftVersion: true } });
    await publishCase(c.id, adminActor, content, { expectedVersion: row.draftVersion });
    const now = await prisma.caseStudy.findUniqueOrThrow({ where: { id: c.id }, select: { slug: true } });
    expect(now.slug).not.toBe(c.slug);
    const old = await callRoute(casePage.loader, { path: `/cases/${c.slug}`, params: { slug: c.slug } });
    expect(old.status).toBe(301);
    expect(old.headers.get("location")).toBe(`/cases/${now.slug}`);
    const oldQr = await callRoute(qrRoute.loader, { path: `/cases/${c.slug}/qr.png`, params: { slug: c.slug } });
    expect(oldQr.status).toBe(301);
    expect(oldQr.headers.get("location")).toBe(`/cases/${now.slug}/qr.png`);
  });

  it("has no QR code for a hidden case", async () => {
    const c = await publish("Share hidden case");
    await setCaseHidden(c.id, adminActor, true, "test");
    const qr = await callRoute(qrRoute.loader, { path: `/cases/${c.slug}/qr.png`, params: { slug: c.slug } });
    expect(qr.status).toBe(404);
  });
});
