// Issue 12.11 through the routes: helpful votes notify the author, batched (one
// notification per item per period); opening a notification marks it and the
// others about the same item read; the list groups by item; the new-account
// comment limit does not apply to verified members.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import * as pageRoute from "~/routes/cases.$slug/route.tsx";
import * as notificationsRoute from "~/routes/notifications/route.tsx";
import * as openRoute from "~/routes/notifications_.$id/route.tsx";
import { callRoute } from "../helpers/route.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";
import { createTestBase } from "../helpers/bases.ts";

type Who = { id: string; cookie: string };
let base: { id: string };

async function person(opts: { young?: boolean; verifiedBase?: boolean } = {}): Promise<Who> {
  const u = await createTestUser();
  await prisma.user.update({
    where: { id: u.id },
    data: {
      ...(opts.young ? {} : { createdAt: new Date(Date.now() - 3 * 86_400_000) }),
      ...(opts.verifiedBase ? { baseId: base.id, baseVerifiedAt: new Date() } : {}),
    },
  });
  return { id: u.id, cookie: await cookieFor(u.id) };
}

async function publishAs(author: Who) {
  await prisma.user.update({ where: { id: author.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  const actor = { id: author.id, role: "member", baseId: base.id, baseVerified: true, emailVerified: true };
  const content = { ...emptyContent(), title: `Votes ${Math.random()}`, summary: "s", baseId: base.id };
  const d = await createDraft(author.id, crypto.randomUUID(), content);
  const r = await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion });
  return { id: d.id, slug: r.slug };
}

function post(who: Who, slug: string, form: Record<string, string>) {
  return callRoute(pageRoute.action, { path: `/cases/${slug}`, params: { slug }, cookie: who.cookie, form });
}

beforeAll(async () => {
  base = await createTestBase();
});

describe("helpful votes notify, batched", () => {
  it("three votes on one comment make one notification counting three; after it is read, a new vote starts another", async () => {
    const caseAuthor = await person();
    const c = await publishAs(caseAuthor);
    const writer = await person();
    const res = await post(writer, c.slug, { intent: "comment", text: "a useful answer", js: "1" });
    const commentId = res.data.comment.id as string;
    for (let i = 0; i < 3; i++) {
      const voter = await person();
      const v = await post(voter, c.slug, { intent: "vote", targetType: "comment", targetId: commentId, js: "1" });
      expect(v.status, JSON.stringify(v.data)).toBe(200);
    }
    let notes = await prisma.notification.findMany({ where: { userId: writer.id, type: "activity.helpfulComment" } });
    expect(notes).toHaveLength(1);
    expect(JSON.parse(notes[0]!.data).count).toBe(3);
    expect(notes[0]!.targetKey).toBe(`comment:${commentId}`);

    // Once the member has read it, the next vote starts a new notification.
    await prisma.notification.updateMany({ where: { id: notes[0]!.id }, data: { readAt: new Date() } });
    const late = await person();
    await post(late, c.slug, { intent: "vote", targetType: "comment", targetId: commentId, js: "1" });
    notes = await prisma.notification.findMany({
      where: { userId: writer.id, type: "activity.helpfulComment" },
      orderBy: { createdAt: "asc" },
    });
    expect(notes).toHaveLength(2);
    expect(JSON.parse(notes[1]!.data).count).toBe(1);
  });

  it("a vote on the case notifies its author the same way", async () => {
    const author = await person();
    const c = await publishAs(author);
    await post(await person(), c.slug, { intent: "vote", targetType: "case", js: "1" });
    await post(await person(), c.slug, { intent: "vote", targetType: "case", js: "1" });
    const notes = await prisma.notification.findMany({ where: { userId: author.id, type: "activity.helpfulCase" } });
    expect(notes).toHaveLength(1);
    expect(JSON.parse(notes[0]!.data).count).toBe(2);
  });
});

describe("opening and grouping notifications", () => {
  it("opening one marks it and the others about the same item read, then leads to the item; others' ids are 404", async () => {
    const author = await person();
    const c = await publishAs(author);
    for (let i = 0; i < 3; i++) await post(await person(), c.slug, { intent: "comment", text: `comment ${i}` });
    const notes = await prisma.notification.findMany({
      where: { userId: author.id, type: "comment.onYourCase" },
      orderBy: { createdAt: "desc" },
    });
    expect(notes).toHaveLength(3);
    expect(new Set(notes.map((n) => n.targetKey))).toEqual(new Set([`case:${c.id}`]));

    const list = await callRoute(notificationsRoute.loader, { path: "/notifications", cookie: author.cookie });
    const group = list.data.groups.find((g: { key: string }) => g.key === `case:${c.id}`);
    expect(group.earlier).toHaveLength(2);

    const stranger = await person();
    const foreign = await callRoute(openRoute.loader, {
      path: `/notifications/${notes[0]!.id}`,
      params: { id: notes[0]!.id },
      cookie: stranger.cookie,
    });
    expect(foreign.status).toBe(404);

    const opened = await callRoute(openRoute.loader, {
      path: `/notifications/${notes[0]!.id}`,
      params: { id: notes[0]!.id },
      cookie: author.cookie,
    });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toMatch(new RegExp(`^/cases/${c.slug}/comments/`));
    expect(
      await prisma.notification.count({ where: { userId: author.id, targetKey: `case:${c.id}`, readAt: null } }),
    ).toBe(0);
  });
});

describe("the new-account comment limit", () => {
  it("stops a day-old unverified member at 3 comments in 10 minutes, but not a verified member", async () => {
    const author = await person();
    const c = await publishAs(author);
    const fresh = await person({ young: true });
    const verified = await person({ young: true, verifiedBase: true });
    const statuses = async (who: Who) => {
      const out: number[] = [];
      for (let i = 0; i < 5; i++)
        out.push((await post(who, c.slug, { intent: "comment", text: `message ${i}` })).status);
      return out;
    };
    expect(await statuses(fresh)).toEqual([302, 302, 302, 429, 429]);
    expect(await statuses(verified)).toEqual([302, 302, 302, 302, 302]);
  });
});
